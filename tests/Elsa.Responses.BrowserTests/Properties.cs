// The collections each start a sample server and a chromium: one at a time, so that they do not compete for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
