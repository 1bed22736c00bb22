using System.Globalization;

namespace Elsa.Responses.Load;

/// <summary>The command line.</summary>
public sealed record LoadOptions(
    int K,
    WorkflowKind[] Kinds,
    int Warmup,
    TimeSpan? Soak,
    ModelLatency Latency,
    TimeSpan BatchTimeout,
    int SubmitConcurrency,
    int? DispatchWorkers,
    string? ServerDll,
    int? RelayDeltas = null)
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Options:
          --k N                    instances per batch (100)
          --kinds a,b              streamed, non-streamed, http (all three)
          --warmup N               instances of each kind run first and not reported (5; 0 for none)
          --soak DURATION          repeat the batches until DURATION has passed (10m, 90s, 00:10:00), printing memory after each
          --first-byte-ms N        model server: time to the first byte (100)
          --deltas N               model server: text deltas per answer (20)
          --delta-interval-ms N    model server: time between deltas (10); a non-streamed answer takes the same total
          --timeout DURATION       how long one batch may take (10m)
          --submit-concurrency N   dispatch requests in flight at once (32)
          --dispatch-workers N     the server's Elsa:Mediator:CommandWorkerCount, the workers that run dispatched
                                   instances (Elsa's default, 4, when not given)
          --server-dll PATH        the sample server's dll (default: this configuration's build output)
          --relay-deltas N         instead of a load run: the relay's latency per delta (issue 13), over N stamped deltas
                                   (--delta-interval-ms apart, 2 by default), straight from the model server and through
                                   the sample's OpenAI-compatible endpoint
        """;

    /// <summary>Parses the arguments; throws <see cref="FormatException"/> with a message on a bad one.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new FormatException($"Unexpected argument '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }

        var known = new[] { "k", "kinds", "warmup", "soak", "first-byte-ms", "deltas", "delta-interval-ms", "timeout", "submit-concurrency", "dispatch-workers", "server-dll", "relay-deltas" };
        if (values.Keys.FirstOrDefault(key => !known.Contains(key)) is { } unknown)
            throw new FormatException($"Unknown option --{unknown}.");

        var kinds = values.TryGetValue("kinds", out var names)
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => WorkflowKind.All.FirstOrDefault(k => k.Name == name) ?? throw new FormatException($"Unknown kind '{name}'."))
                .ToArray()
            : WorkflowKind.All;

        if (values.ContainsKey("relay-deltas"))
        {
            var deltas = Int("relay-deltas", 1000, min: 1);
            return new LoadOptions(1, [], 0, null, new ModelLatency(TimeSpan.Zero, deltas, TimeSpan.FromMilliseconds(Int("delta-interval-ms", 2, 0))),
                TimeSpan.FromMinutes(10), 1, null, values.GetValueOrDefault("server-dll"), deltas);
        }

        return new LoadOptions(
            Int("k", 100, min: 1),
            kinds,
            Int("warmup", 5, min: 0),
            values.TryGetValue("soak", out var soak) ? Duration(soak) : null,
            new ModelLatency(TimeSpan.FromMilliseconds(Int("first-byte-ms", 100, 0)), Int("deltas", 20, 1), TimeSpan.FromMilliseconds(Int("delta-interval-ms", 10, 0))),
            values.TryGetValue("timeout", out var timeout) ? Duration(timeout) : TimeSpan.FromMinutes(10),
            Int("submit-concurrency", 32, min: 1),
            values.ContainsKey("dispatch-workers") ? Int("dispatch-workers", 0, min: 1) : null,
            values.GetValueOrDefault("server-dll"));

        int Int(string name, int fallback, int min)
        {
            if (!values.TryGetValue(name, out var text))
                return fallback;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min
                ? value
                : throw new FormatException($"--{name} must be a whole number of at least {min}.");
        }
    }

    /// <summary>A duration as <c>90s</c>, <c>10m</c>, <c>1h</c> or a TimeSpan (<c>00:10:00</c>).</summary>
    public static TimeSpan Duration(string text)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
            }
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new FormatException($"'{text}' is not a duration (90s, 10m, 1h or 00:10:00).");
    }
}
