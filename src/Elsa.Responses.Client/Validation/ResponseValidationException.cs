namespace Elsa.Responses.Client.Validation;

/// <summary>A request broke one or more rules; nothing was sent. <see cref="Errors"/> lists each, naming the field.</summary>
public sealed class ResponseValidationException : ArgumentException
{
    /// <summary>Creates the exception from the violations.</summary>
    public ResponseValidationException(IReadOnlyList<string> errors)
        : base("The request is invalid: " + string.Join("; ", errors)) => Errors = errors;

    /// <summary>Every violation, such as <c>temperature must be between 0 and 2</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
