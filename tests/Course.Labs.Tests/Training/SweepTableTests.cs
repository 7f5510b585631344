using System.Text.Json;
using Course.Labs.Training;

namespace Course.Labs.Tests.Training;

public sealed class SweepTableTests
{
    // The original lab's table 1: weight decay (rows) x learning rate (columns), batch size 64.
    private static SweepTable Original() => new("weight decay", [0.1, 0.01, 0.001], "learning rate", [1.0, 0.1, 0.01, 0.001],
        new double[,] { { 0.0980, 0.1009, 0.1323, 0.9825 }, { 0.0982, 0.1495, 0.9834, 0.9921 }, { 0.6072, 0.9763, 0.9933, 0.9921 } },
        "test accuracy", "P2");

    [Fact]
    public void Cells_are_found_by_their_grid_values_and_keyed_by_them_for_a_scrap()
    {
        var table = Original();

        Assert.Equal(0.9825, table[0.1, 0.001]);
        Assert.Equal(0.6072, table[0.001, 1.0]);
        var keyed = table.ToKeyed();
        Assert.Equal(["0.1", "0.01", "0.001"], keyed.Keys);
        Assert.Equal(["1", "0.1", "0.01", "0.001"], keyed["0.001"].Keys);
        Assert.Equal(0.9763, keyed["0.001"]["0.1"]);
        Assert.Equal("{\"1\":0.098,\"0.1\":0.1009,\"0.01\":0.1323,\"0.001\":0.9825}", JsonSerializer.Serialize(keyed["0.1"]));
        var missing = Assert.Throws<KeyNotFoundException>(() => table[0.5, 1.0]);
        Assert.Contains("weight decay 0.5 is not in this table (it has {0.1, 0.01, 0.001})", missing.Message);
        Assert.Contains("98.25 %", table.ToHtml());
        Assert.True(table.IsComplete);
    }

    [Fact]
    public void A_sweeps_table_keeps_diverged_and_unfinished_runs_apart()
    {
        var sweep = new HyperparameterSweep("weight decay", [0.1, 0.001], "learning rate", [1.0, 0.01]);
        var result = sweep.Run((wd, lr) => lr == 1.0 && wd == 0.1 ? throw new NonFiniteLossException(0, 1, double.NaN) : 1 - wd);

        var table = result.ToTable();

        Assert.True(double.IsNaN(table[0.1, 1.0]!.Value));
        Assert.Equal(0.999, table[0.001, 0.01]);
        Assert.Null(table.ToKeyed()["0.1"]["1"]);
        Assert.Contains("diverged", table.ToString());
        var partial = new SweepTable("a", [1, 2], "b", [3], new double?[,] { { 0.5 }, { null } });
        Assert.False(partial.IsComplete);
        Assert.Null(partial[2, 3]);
        Assert.Contains("-", partial.ToString());
    }

    [Fact]
    public void The_comparison_heatmap_colours_ours_and_writes_both_numbers_in_every_cell()
    {
        var original = Original();
        // Ours in another row order: cells are matched by value, not position.
        var ours = new SweepTable("weight decay", [0.001, 0.01, 0.1], "learning rate", [1.0, 0.1, 0.01, 0.001],
            new double[,] { { double.NaN, 0.95, 0.97, 0.90 }, { 0.1, 0.2, 0.96, 0.91 }, { 0.1, 0.1, 0.1, 0.89 } }, "validation accuracy");

        using var figure = JsonDocument.Parse(ours.CompareHeatmap(original).ToJson());
        var trace = figure.RootElement.GetProperty("data")[0];

        Assert.Equal(["0.001", "0.01", "0.1"], trace.GetProperty("y").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("89.0 %<br>(original 98.25 %)", trace.GetProperty("text")[2][3].GetString());
        Assert.Equal("diverged<br>(original 60.72 %)", trace.GetProperty("text")[0][0].GetString());
        Assert.Equal(0, trace.GetProperty("z")[0][0].GetDouble());   // a diverged run learned nothing
        Assert.Equal(0.95, trace.GetProperty("z")[0][1].GetDouble());
        Assert.Equal(0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(1, trace.GetProperty("zmax").GetDouble());

        var otherGrid = new SweepTable("weight decay", [0.1, 0.01, 0.001], "learning rate", [0.1, 0.01, 0.001, 0.0001], new double[3, 4]);
        var error = Assert.Throws<ArgumentException>(() => ours.CompareHeatmap(otherGrid));
        Assert.Contains("learning rate {0.1, 0.01, 0.001, 0.0001}", error.Message);
    }

    [Fact]
    public void A_table_checks_its_shape_and_axes()
    {
        Assert.Throws<ArgumentException>(() => new SweepTable("a", [1, 2], "b", [3], new double[1, 1]));
        var twice = Assert.Throws<ArgumentException>(() => new SweepTable("a", [1, 1], "b", [3], new double[2, 1]));
        Assert.Contains("twice", twice.Message);
    }
}
