// The engine routes Console and the working directory per process: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
