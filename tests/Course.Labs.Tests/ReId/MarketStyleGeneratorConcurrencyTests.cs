using Course.Labs.Data.ReId;

namespace Course.Labs.Tests.ReId;

public sealed class MarketStyleGeneratorConcurrencyTests : IDisposable
{
    private readonly string parent = Path.Combine(Path.GetTempPath(), $"market-race-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
    }

    [Fact]
    public void Two_callers_generating_the_same_set_at_once_both_get_it_complete()
    {
        // Two notebooks (or a solution and a stub being graded side by side) ask for the same set at the same time.
        Directory.CreateDirectory(parent);
        string root = Path.Combine(parent, "set");
        var options = MarketStyleOptions.Tiny(seed: 4);
        var results = new string[3];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length },
            i => results[i] = MarketStyleGenerator.Generate(root, options));

        Assert.All(results, r => Assert.Equal(root, r));
        var market = Market1501.Load(root);
        Assert.Equal(options.TrainIds, market.TrainIds);
        Assert.NotEmpty(market.Query);
        Assert.Equal([root], Directory.GetDirectories(parent));   // no temporary folder left behind
    }
}
