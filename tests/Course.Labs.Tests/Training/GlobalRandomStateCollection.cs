namespace Course.Labs.Tests.Training;

/// <summary>
/// Tests that compare results bit for bit depend on torch's global generator; they run alone, after the parallel
/// tests, so no other test draws from that generator meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomStateCollection
{
    public const string Name = "Global torch random state";
}
