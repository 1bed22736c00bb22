using System.Globalization;
using Elsa.Responses.Load;

// dotnet run -c Release --project benchmarks/Elsa.Responses.Load -- --k 100                 each workflow kind once, K instances
// dotnet run -c Release --project benchmarks/Elsa.Responses.Load -- --k 50 --soak 10m       batches until 10 minutes have passed
// Exits 1 when any batch has an instance that did not complete (failed, still running or never created). See README.md.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try { options = LoadOptions.Parse(args); }
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

const string modelKey = "load-model-key";
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var ct = cancel.Token;

Console.WriteLine($"# Elsa.Responses load: K = {options.K}, kinds {string.Join(", ", options.Kinds.Select(k => k.Name))}, " +
    $"model {options.Latency.FirstByte.TotalMilliseconds:F0} ms to the first byte + {options.Latency.Deltas} × {options.Latency.DeltaInterval.TotalMilliseconds:F0} ms" +
    (options.Soak is { } soakFor ? $", soak {soakFor}" : "") +
    $", dispatch workers {(options.DispatchWorkers is { } w ? w.ToString(CultureInfo.InvariantCulture) : "Elsa's default")}");
Console.WriteLine($"# Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB, load average {LoadAverage()}");

await using var model = await ModelServer.StartAsync(options.Latency, modelKey, stampDeltas: options.RelayDeltas is not null);
var settings = new Dictionary<string, string>
{
    ["Responses:Connections:digitalocean:BaseUrl"] = model.BaseUrl.AbsoluteUri,
    ["Responses:Connections:digitalocean:ApiKey"] = modelKey,
};
if (options.DispatchWorkers is { } workers)
    settings["Elsa:Mediator:CommandWorkerCount"] = workers.ToString(CultureInfo.InvariantCulture);
await using var server = await LoadServer.StartAsync(options.ServerDll, "load-server-key", settings, TimeSpan.FromMinutes(2));
Console.WriteLine($"# Sample server: {server.BaseUrl} (PID {server.ProcessId}); model server: {model.BaseUrl}");

if (options.RelayDeltas is not null)
{
    await new ElsaApi(server.Http).ImportAndPublishAsync(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", "Samples", "responses-endpoint.json")), ct);
    var (direct, relayed) = await RelayLatencyProbe.RunAsync(model.BaseUrl, modelKey, server.BaseUrl, "load-server-key", ct);
    Console.WriteLine();
    Console.WriteLine("| Path | Deltas | Median ms | p99 ms | Max ms |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Console.WriteLine(direct.Row());
    Console.WriteLine(relayed.Row());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"# The relay adds {relayed.MedianMs - direct.MedianMs:F3} ms per delta at the median, {relayed.P99Ms - direct.P99Ms:F3} ms at p99."));
    return 0;
}

var api = new ElsaApi(server.Http);
foreach (var kind in options.Kinds)
    await api.ImportAndPublishAsync(kind.Load(model.BaseUrl, modelKey, options.Latency.Deltas), ct);

var runner = new LoadRunner(api, model, options.SubmitConcurrency, options.BatchTimeout);
var ok = true;

// A small batch of each kind first, so the figures do not include start-up (JIT, connection pools, EF's model).
if (options.Warmup > 0)
{
    foreach (var kind in options.Kinds)
        ok &= Check(await runner.RunBatchAsync(kind, options.Warmup, ct), "warm-up");
}

var before = await api.MemoryAsync(ct);
Console.WriteLine($"# Before: {Describe(before)}");
Console.WriteLine();
Console.WriteLine(BatchResult.Header);

var results = new List<BatchResult>();
var soakClock = System.Diagnostics.Stopwatch.StartNew();
do
{
    foreach (var kind in options.Kinds)
    {
        var result = await runner.RunBatchAsync(kind, options.K, ct);
        results.Add(result);
        Console.WriteLine(result.Row());
        ok &= Check(result, null);
        if (options.Soak is not null)
            Console.WriteLine($"|   memory after batch {results.Count} ({soakClock.Elapsed:mm\\:ss}): {Describe(await api.MemoryAsync(ct))} |");
        if (server.HasExited)
        {
            Console.WriteLine("The sample server exited. Its last lines:" + Environment.NewLine + server.Tail());
            return 1;
        }
    }
}
while (options.Soak is { } soak && soakClock.Elapsed < soak && !ct.IsCancellationRequested);

var after = await api.MemoryAsync(ct);
Console.WriteLine();
Console.WriteLine($"# After:  {Describe(after)}");
Console.WriteLine($"# Heap after a full GC grew by {(after.HeapAfterFullGcBytes - before.HeapAfterFullGcBytes) / 1048576.0:F1} MiB over {results.Sum(r => r.K)} instances");
var (streamed, nonStreamed, rejected) = model.Counts;
Console.WriteLine($"# Model server answered {streamed} streamed and {nonStreamed} non-streamed requests (HTTP baseline included); refused {rejected}");
Console.WriteLine($"# Load average at the end: {LoadAverage()}");
ok &= rejected == 0;
Console.WriteLine(ok ? "OK: every instance completed." : "FAILED: see the rows above.");
return ok ? 0 : 1;

bool Check(BatchResult result, string? label)
{
    if (label is not null)
        Console.WriteLine($"# {label} {result.Kind.Name}: {result.Completed}/{result.K} completed, {result.Failed} failed, {result.Running} running, {result.Missing} missing");
    foreach (var sample in result.FailureSamples)
        Console.WriteLine($"#   {sample}");
    return result.Ok;
}

string Describe(ServerMemory memory)
{
    var rss = server.ResidentSet();
    return $"heap after full GC {Mib(memory.HeapAfterFullGcBytes)}, working set {Mib(memory.WorkingSetBytes)}, " +
        $"peak working set {Mib(rss?.PeakBytes ?? memory.PeakWorkingSetBytes)}, gen2 GCs {memory.Gen2Collections}";
}

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
