using System.Diagnostics;

namespace Elsa.Responses.Load;

/// <summary>Dispatches batches of instances through Elsa's API and collects how they ended.</summary>
public sealed class LoadRunner(ElsaApi api, ModelServer model, int submitConcurrency, TimeSpan batchTimeout)
{
    private int _batches;

    /// <summary>
    /// Dispatches <paramref name="k"/> instances of <paramref name="kind"/> under one new correlation id, waits until all
    /// of them have finished (or the timeout), and reads every one of them back through the API.
    /// </summary>
    public async Task<BatchResult> RunBatchAsync(WorkflowKind kind, int k, CancellationToken ct)
    {
        var correlationId = $"load-{kind.Name}-{Interlocked.Increment(ref _batches)}-{Guid.NewGuid():N}";
        model.DrainDurations();

        // All K dispatches are in flight at once, up to submitConcurrency HTTP requests at a time: a dispatch only queues
        // the instance, so this is quick, and the server then runs them concurrently.
        var dispatchedAt = new DateTimeOffset[k];
        var firstDispatch = DateTimeOffset.UtcNow;
        using (var gate = new SemaphoreSlim(submitConcurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, k).Select(async i =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    dispatchedAt[i] = DateTimeOffset.UtcNow;
                    await api.DispatchAsync(kind.DefinitionId, correlationId, ct);
                }
                finally { gate.Release(); }
            }));
        }

        // Done when all K exist and none is Running (Elsa's statuses: Running or Finished; the sub-status says how).
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < batchTimeout)
        {
            var finished = await api.CountAsync(correlationId, ["Finished"], ct);
            if (finished >= k)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(k <= 100 ? 200 : 1000), ct);
        }

        var instances = await api.ListAsync(correlationId, ct);
        var completed = instances.Where(i => i is { Status: "Finished", SubStatus: "Finished" }).ToList();
        var failed = instances.Where(i => i.Status == "Finished" && i.SubStatus != "Finished").ToList();
        var running = instances.Count(i => i.Status != "Finished");
        var lastFinished = instances.Max(i => i.FinishedAt) ?? DateTimeOffset.UtcNow;
        var orderedDispatch = dispatchedAt.Order().ToArray();
        // Instances are created in dispatch order only roughly; pairing the i-th created with the i-th dispatch gives the
        // distribution of the wait in the queue, not each instance's own.
        var created = instances.Select(i => i.CreatedAt).Order().ToArray();
        var queued = created.Select((c, i) => (c - orderedDispatch[Math.Min(i, orderedDispatch.Length - 1)]).TotalMilliseconds).ToArray();

        var samples = new List<string>();
        foreach (var instance in failed.Take(3))
            samples.AddRange((await api.IncidentsAsync(instance.Id, ct)).Select(m => $"{instance.Id} ({instance.SubStatus}): {m}").DefaultIfEmpty($"{instance.Id} ({instance.SubStatus})"));

        return new BatchResult(kind, k, completed.Count, failed.Count, running, Math.Max(0, k - instances.Count), lastFinished - firstDispatch,
            completed.Select(i => (i.FinishedAt!.Value - i.CreatedAt).TotalMilliseconds).ToArray(), queued, model.DrainDurations(), [.. samples]);
    }
}
