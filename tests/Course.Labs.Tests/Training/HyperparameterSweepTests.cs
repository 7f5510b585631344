using Course.Labs.Training;

namespace Course.Labs.Tests.Training;

public sealed class HyperparameterSweepTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("labs-sweep-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private HyperparameterSweep Sweep(string path) => new("learning rate", [0.1, 0.01, 0.001], "weight decay", [1.0, 0.001], path);

    [Fact]
    public void Interrupted_sweep_resumes_without_rerunning_finished_configurations()
    {
        string path = Path.Combine(folder, "lr-wd.json");
        var runs = new List<(double, double)>();
        using var cancel = new CancellationTokenSource();
        var partial = Sweep(path).Run((lr, wd) => { runs.Add((lr, wd)); if (runs.Count == 4) cancel.Cancel(); return lr * 10 + wd; }, cancel.Token);
        Assert.Equal(4, partial.Entries.Count);
        Assert.False(partial.IsComplete);

        var resumedRuns = new List<(double, double)>();
        var result = Sweep(path).Run((lr, wd) => { resumedRuns.Add((lr, wd)); return lr * 10 + wd; });
        Assert.Equal([(0.001, 1.0), (0.001, 0.001)], resumedRuns);
        Assert.True(result.IsComplete);
        Assert.Equal(2.0, result.Best!.Score, 9);
        Assert.Equal(0.101, result.Matrix()[1, 1], 9);
        Assert.Contains("6 of 6 configurations done", result.ToString());
        Assert.Contains("\"type\":\"heatmap\"", result.ToHtml());
    }

    [Fact]
    public void A_diverged_configuration_is_recorded_and_the_sweep_goes_on()
    {
        string path = Path.Combine(folder, "diverged.json");
        var result = Sweep(path).Run((lr, wd) => lr == 0.1 && wd == 1.0 ? throw new NonFiniteLossException(0, 3, double.NaN) : lr);
        Assert.True(result.IsComplete);
        Assert.Contains("diverged", result.ToString());
        Assert.Equal(0.1, result.Best!.Score);
        Assert.Equal(6, Sweep(path).Run((_, _) => throw new InvalidOperationException("must not rerun")).Entries.Count);
    }

    [Fact]
    public void Corrupt_results_file_is_reported_with_the_fix()
    {
        string path = Path.Combine(folder, "broken.json");
        File.WriteAllText(path, "{not json");
        var e = Assert.Throws<InvalidDataException>(() => Sweep(path).Run((_, _) => 0));
        Assert.Contains("delete it", e.Message);
    }
}
