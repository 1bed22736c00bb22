// llama-server answers one request at a time: the tests are in one collection, and never run in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
