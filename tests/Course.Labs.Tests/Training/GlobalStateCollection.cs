namespace Course.Labs.Tests.Training;

/// <summary>
/// Tests that depend on process-wide state (torch's global generator for bit-exact results, interrupt requests that
/// reach every running fit) run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Process-wide state";
}
