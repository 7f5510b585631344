using static TorchSharp.torch;

namespace Course.Labs.Plots;

/// <summary>The labs' charts: heatmaps, confusion matrices, embedding scatters, CMC curves.</summary>
public static class Charts
{
    /// <summary>A heatmap of <paramref name="values"/>[row, column] with each cell's value written on it.</summary>
    public static Chart Heatmap(double[,] values, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels,
        string title = "", string xTitle = "", string yTitle = "", string format = "G4", string colorscale = "Viridis")
    {
        var text = new string[values.GetLength(0), values.GetLength(1)];
        for (int r = 0; r < text.GetLength(0); r++)
            for (int c = 0; c < text.GetLength(1); c++)
                text[r, c] = double.IsFinite(values[r, c]) ? values[r, c].ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";
        return Heatmap(values, text, columnLabels, rowLabels, title, xTitle, yTitle, colorscale);
    }

    /// <summary>
    /// A heatmap coloured by <paramref name="values"/>[row, column] with <paramref name="cellText"/>[row, column] written
    /// on each cell (plotly's <c>&lt;br&gt;</c> breaks a line); <paramref name="zMin"/>..<paramref name="zMax"/> fixes the
    /// colour range, so that two heatmaps of the same quantity read alike. Non-finite values leave the cell uncoloured.
    /// </summary>
    public static Chart Heatmap(double[,] values, string[,] cellText, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels,
        string title = "", string xTitle = "", string yTitle = "", string colorscale = "Viridis", double? zMin = null, double? zMax = null)
    {
        int rows = values.GetLength(0), columns = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != columns)
            throw new ArgumentException($"Labels must match the matrix: {rows} row labels and {columns} column labels (got {rowLabels.Count} and {columnLabels.Count}).", nameof(values));
        if (cellText.GetLength(0) != rows || cellText.GetLength(1) != columns)
            throw new ArgumentException($"cellText must have the values' shape, {rows} x {columns} (got {cellText.GetLength(0)} x {cellText.GetLength(1)}).", nameof(cellText));
        var z = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => double.IsFinite(values[r, c]) ? values[r, c] : (double?)null).ToArray()).ToArray();
        var text = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Select(c => cellText[r, c] ?? "").ToArray()).ToArray();
        var trace = new { type = "heatmap", z, x = columnLabels, y = rowLabels, text, texttemplate = "%{text}", colorscale, hoverongaps = false, zmin = zMin, zmax = zMax };
        var layout = new Dictionary<string, object?>
        {
            ["xaxis"] = new { title = new { text = xTitle }, type = "category" },
            ["yaxis"] = new { title = new { text = yTitle }, type = "category", autorange = "reversed" },
        };
        int lines = 1 + text.SelectMany(row => row).Select(t => t.Split("<br>").Length - 1).DefaultIfEmpty(0).Max();
        return new Chart(title, [trace], layout, height: Math.Max(300, 100 + rows * (24 + 16 * lines)));
    }

    /// <summary>Counts of (true class, predicted class), rows = truth, from 1-D tensors of class indices.</summary>
    public static Chart ConfusionMatrix(Tensor predicted, Tensor actual, IReadOnlyList<string>? classNames = null, string title = "Confusion matrix")
    {
        var p = predicted.cpu().to(ScalarType.Int64).data<long>().ToArray();
        var a = actual.cpu().to(ScalarType.Int64).data<long>().ToArray();
        if (p.Length != a.Length)
            throw new ArgumentException($"predicted and actual must have the same length (got {p.Length} and {a.Length}).", nameof(predicted));
        int classes = classNames?.Count ?? (int)(Math.Max(p.DefaultIfEmpty(0).Max(), a.DefaultIfEmpty(0).Max()) + 1);
        var counts = new double[classes, classes];
        for (int i = 0; i < p.Length; i++)
        {
            if (a[i] < 0 || a[i] >= classes || p[i] < 0 || p[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(predicted), $"Class index out of range at {i}: actual {a[i]}, predicted {p[i]} (classes: {classes}).");
            counts[a[i], p[i]]++;
        }
        var names = classNames ?? Enumerable.Range(0, classes).Select(c => c.ToString()).ToArray();
        return Heatmap(counts, names, names, title, xTitle: "predicted", yTitle: "true", format: "G", colorscale: "Blues");
    }

    /// <summary>2-D embeddings [N, 2] as points, one colour (trace) per class.</summary>
    public static Chart EmbeddingScatter(Tensor embeddings, Tensor labels, IReadOnlyList<string>? classNames = null, string title = "Embeddings")
    {
        if (embeddings.dim() != 2 || embeddings.shape[1] != 2)
            throw new ArgumentException($"embeddings must be [N, 2] (got [{string.Join(", ", embeddings.shape)}]); reduce them first (e.g. t-SNE or PCA).", nameof(embeddings));
        var points = embeddings.detach().cpu().to(ScalarType.Float32).data<float>().ToArray();
        var classes = labels.cpu().to(ScalarType.Int64).data<long>().ToArray();
        if (classes.Length * 2 != points.Length)
            throw new ArgumentException($"labels must have one entry per embedding ({points.Length / 2}), got {classes.Length}.", nameof(labels));
        var traces = classes.Select((c, i) => (c, i)).GroupBy(p => p.c).OrderBy(g => g.Key).Select(g => (object)new
        {
            type = "scattergl",
            mode = "markers",
            name = classNames is not null && g.Key < classNames.Count ? classNames[(int)g.Key] : g.Key.ToString(),
            x = g.Select(p => points[2 * p.i]).ToArray(),
            y = g.Select(p => points[2 * p.i + 1]).ToArray(),
            marker = new { size = 5, opacity = 0.8 },
        }).ToList();
        return new Chart(title, traces, new Dictionary<string, object?> { ["xaxis"] = new { zeroline = false }, ["yaxis"] = new { zeroline = false } }, height: 520);
    }

    /// <summary>Cumulative matching characteristic: <paramref name="cmc"/>[k] = fraction of queries matched within rank k+1.</summary>
    public static Chart Cmc(IReadOnlyList<double> cmc, int maxRank = 20, string title = "CMC curve")
    {
        int ranks = Math.Min(maxRank, cmc.Count);
        var trace = new { type = "scatter", mode = "lines+markers", name = "CMC", x = Enumerable.Range(1, ranks).ToArray(), y = cmc.Take(ranks).ToArray() };
        var layout = new Dictionary<string, object?>
        {
            ["xaxis"] = new { title = new { text = "rank" }, dtick = 1 },
            ["yaxis"] = new { title = new { text = "matching rate" }, range = new[] { 0.0, 1.0 } },
        };
        return new Chart(title, [trace], layout);
    }

    /// <summary>
    /// Named sets of points (markers, no lines), each with its own x and y values, e.g. every configuration of a sweep
    /// placed by a derived quantity; <paramref name="logX"/> draws the x axis on a log scale. Non-finite values are left out.
    /// </summary>
    public static Chart Scatter(IReadOnlyDictionary<string, (IReadOnlyList<double> X, IReadOnlyList<double> Y)> series, string title = "",
        string xTitle = "", string yTitle = "", bool logX = false)
    {
        var traces = series.Select(s =>
        {
            if (s.Value.X.Count != s.Value.Y.Count)
                throw new ArgumentException($"Series '{s.Key}' has {s.Value.X.Count} x values and {s.Value.Y.Count} y values; give one of each per point.", nameof(series));
            var kept = Enumerable.Range(0, s.Value.X.Count).Where(i => double.IsFinite(s.Value.X[i]) && double.IsFinite(s.Value.Y[i])).ToList();
            return (object)new
            {
                type = "scatter", mode = "markers", name = s.Key, marker = new { size = 9, opacity = 0.8 },
                x = kept.Select(i => s.Value.X[i]).ToArray(), y = kept.Select(i => s.Value.Y[i]).ToArray(),
            };
        }).ToList();
        var layout = new Dictionary<string, object?>
        {
            ["xaxis"] = new { title = new { text = xTitle }, type = logX ? "log" : "linear" },
            ["yaxis"] = new { title = new { text = yTitle } },
        };
        return new Chart(title, traces, layout);
    }

    /// <summary>One or more named series against a shared x axis.</summary>
    public static Chart Lines(IReadOnlyList<double> x, IReadOnlyDictionary<string, IReadOnlyList<double>> series, string title = "", string xTitle = "", string yTitle = "")
    {
        var traces = series.Select(s => (object)new { type = "scatter", mode = "lines", name = s.Key, x, y = s.Value }).ToList();
        var layout = new Dictionary<string, object?> { ["xaxis"] = new { title = new { text = xTitle } }, ["yaxis"] = new { title = new { text = yTitle } } };
        return new Chart(title, traces, layout);
    }
}
