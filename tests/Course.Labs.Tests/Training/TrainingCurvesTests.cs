using Course.Labs.Plots;
using Course.Labs.Training;

namespace Course.Labs.Tests.Training;

public sealed class TrainingCurvesTests
{
    private static History Run(params double[] accuracies)
        => History.From(accuracies.Select((a, i) => new EpochMetrics(i, 1 - a, a, 1.1 - a, a - 0.01, 0.01, 1, 100)));

    [Fact]
    public void Draws_four_lines_per_run_in_one_colour_each()
    {
        var chart = TrainingCurves.Compare(new Dictionary<string, History> { ["VGG19"] = Run(0.1, 0.1), ["VGG19-BN"] = Run(0.5, 0.8) }, "VGG");
        Assert.Equal(8, chart.Traces.Count);
        string json = chart.ToJson();
        Assert.Contains("VGG19-BN validation accuracy", json);
        Assert.Contains("#1f77b4", json);
        Assert.Contains("#d62728", json);
        Assert.Equal("VGG", chart.Title);
    }

    [Fact]
    public void A_run_without_validation_draws_only_its_training_lines()
    {
        var history = History.From([new EpochMetrics(0, 2.0, 0.3, null, null, 0.01, 1, 100)]);
        Assert.Equal(2, TrainingCurves.Compare(new Dictionary<string, History> { ["a"] = history }).Traces.Count);
    }
}
