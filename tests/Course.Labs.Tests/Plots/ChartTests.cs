using System.Text.Json;
using Course.Labs.Plots;
using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Plots;

public sealed class ChartTests
{
    [Fact]
    public void Confusion_matrix_counts_true_rows_against_predicted_columns()
    {
        var chart = Charts.ConfusionMatrix(tensor(new long[] { 0, 1, 1, 2, 2, 2 }), tensor(new long[] { 0, 1, 2, 2, 2, 1 }), ["a", "b", "c"]);
        using var figure = JsonDocument.Parse(chart.ToJson());
        var z = figure.RootElement.GetProperty("data")[0].GetProperty("z");
        double Cell(int r, int c) => z[r][c].GetDouble();
        Assert.Equal([1, 0, 0, 0, 1, 1, 0, 1, 2], new[] { Cell(0, 0), Cell(0, 1), Cell(0, 2), Cell(1, 0), Cell(1, 1), Cell(1, 2), Cell(2, 0), Cell(2, 1), Cell(2, 2) });
        Assert.Equal("predicted", figure.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void Training_curves_have_train_and_validation_traces_on_two_panels()
    {
        var history = new Trainer(Training.SyntheticData.Model(1), new TrainerOptions { Device = CPU })
            .Fit(Training.SyntheticData.Source(64, 1), Training.SyntheticData.Source(32, 2), epochs: 2);
        var chart = history.Chart();
        Assert.Equal(["train loss", "validation loss", "train accuracy", "validation accuracy"],
            JsonDocument.Parse(chart.ToJson()).RootElement.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        string html = chart.ToHtml();
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains("\"yaxis\":\"y2\"", html);
    }

    [Fact]
    public void Embedding_scatter_has_one_trace_per_class_and_checks_its_input()
    {
        var chart = Charts.EmbeddingScatter(tensor(new float[,] { { 0, 0 }, { 1, 1 }, { 2, 2 } }), tensor(new long[] { 3, 1, 3 }));
        var traces = JsonDocument.Parse(chart.ToJson()).RootElement.GetProperty("data");
        Assert.Equal(["1", "3"], traces.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(2, traces[1].GetProperty("x").GetArrayLength());
        var e = Assert.Throws<ArgumentException>(() => Charts.EmbeddingScatter(zeros(3, 5), zeros(3, ScalarType.Int64)));
        Assert.Contains("t-SNE", e.Message);
    }

    [Fact]
    public void A_heatmap_with_its_own_cell_texts_keeps_them_and_a_fixed_colour_range()
    {
        var chart = Charts.Heatmap(new[,] { { 0.5, 0.9 } }, new[,] { { "a<br>b", "c" } }, ["x1", "x2"], ["y"], zMin: 0, zMax: 1);
        var trace = JsonDocument.Parse(chart.ToJson()).RootElement.GetProperty("data")[0];
        Assert.Equal(["a<br>b", "c"], trace.GetProperty("text")[0].EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, trace.GetProperty("zmax").GetDouble());
        Assert.False(JsonDocument.Parse(Charts.Heatmap(new[,] { { 0.5 } }, ["x"], ["y"]).ToJson()).RootElement.GetProperty("data")[0].TryGetProperty("zmin", out _));
        Assert.Throws<ArgumentException>(() => Charts.Heatmap(new double[1, 2], new string[2, 1], ["x1", "x2"], ["y"]));
    }

    [Fact]
    public void A_scatter_has_a_trace_of_markers_per_series_leaves_out_missing_points_and_can_use_a_log_axis()
    {
        var chart = Charts.Scatter(new Dictionary<string, (IReadOnlyList<double> X, IReadOnlyList<double> Y)>
        {
            ["ours"] = ([1e-3, 1e-2, 1e-1], [0.9, double.NaN, 0.1]),
            ["original"] = ([1e-3], [0.13]),
        }, "accuracy against lr x wd", "lr x wd", "accuracy", logX: true);
        var figure = JsonDocument.Parse(chart.ToJson()).RootElement;
        var ours = figure.GetProperty("data")[0];
        Assert.Equal("markers", ours.GetProperty("mode").GetString());
        Assert.Equal([1e-3, 1e-1], ours.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.9, 0.1], ours.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("log", figure.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
        Assert.Throws<ArgumentException>(() => Charts.Scatter(new Dictionary<string, (IReadOnlyList<double> X, IReadOnlyList<double> Y)> { ["bad"] = ([1.0], []) }));
    }

    [Fact]
    public void Heatmap_marks_missing_cells_and_cmc_starts_at_rank_one()
    {
        var heatmap = Charts.Heatmap(new[,] { { 0.5, double.NaN } }, ["x1", "x2"], ["y"]);
        Assert.Contains("\"z\":[[0.5,null]]", heatmap.ToJson());
        Assert.Throws<ArgumentException>(() => Charts.Heatmap(new double[2, 2], ["a"], ["b", "c"]));
        var cmc = JsonDocument.Parse(Charts.Cmc([0.6, 0.8, 0.9], maxRank: 2).ToJson()).RootElement.GetProperty("data")[0];
        Assert.Equal([1, 2], cmc.GetProperty("x").EnumerateArray().Select(x => x.GetInt32()));
    }

    [Fact]
    public void A_saved_page_carries_plotly_js_from_plotly_net_and_a_notebook_chart_does_not()
    {
        Assert.DoesNotContain("plotly.js v2.28.0", Charts.Cmc([0.5, 1.0]).ToHtml());
        string path = Path.Combine(Path.GetTempPath(), $"labs-chart-{Guid.NewGuid():N}.html");
        try
        {
            Charts.Cmc([0.5, 1.0]).SaveHtml(path);
            string page = File.ReadAllText(path);
            Assert.Contains("plotly.js v2.28.0", page);
            Assert.Contains("Plotly.newPlot(", page);
        }
        finally { File.Delete(path); }
    }
}
