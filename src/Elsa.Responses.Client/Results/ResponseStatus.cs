namespace Elsa.Responses.Client.Results;

/// <summary>
/// The <c>status</c> of a response. A small value type rather than an enum, because servers add values: an unknown
/// status is kept as its text and never breaks parsing.
/// </summary>
public readonly struct ResponseStatus : IEquatable<ResponseStatus>
{
    private readonly string? _value;

    /// <summary>Creates a status from its wire text.</summary>
    public ResponseStatus(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The model finished.</summary>
    public static ResponseStatus Completed { get; } = new("completed");

    /// <summary>The model stopped early; see <see cref="ResponseResult.IncompleteReason"/>.</summary>
    public static ResponseStatus Incomplete { get; } = new("incomplete");

    /// <summary>The response failed; see <see cref="ResponseResult.Error"/>.</summary>
    public static ResponseStatus Failed { get; } = new("failed");

    /// <summary>Still being generated (a background response).</summary>
    public static ResponseStatus InProgress { get; } = new("in_progress");

    /// <summary>Nothing set the status: a default value, which never reads as a success.</summary>
    public static ResponseStatus Unknown { get; } = new("unknown");

    /// <summary>The wire text; <c>unknown</c> for a default value.</summary>
    public string Value => _value ?? "unknown";

    /// <inheritdoc />
    public bool Equals(ResponseStatus other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ResponseStatus other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares two statuses, ignoring case.</summary>
    public static bool operator ==(ResponseStatus left, ResponseStatus right) => left.Equals(right);

    /// <summary>Compares two statuses, ignoring case.</summary>
    public static bool operator !=(ResponseStatus left, ResponseStatus right) => !left.Equals(right);
}
