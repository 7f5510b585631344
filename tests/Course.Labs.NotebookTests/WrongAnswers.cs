using System.Text.Json;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Labs.NotebookTests;

/// <summary>
/// One plausible mistake for an exercise: what it gets wrong, and the code a student might write, either one
/// <see cref="Code"/> for every solution region of the cell, or one entry of <see cref="Regions"/> per region, in order
/// (an exercise whose class has a constructor and a <c>forward</c> to write).
/// </summary>
public sealed record WrongAnswer(string Mistake, string[]? Code = null, string[][]? Regions = null);

/// <summary>
/// The typical mistakes kept in <c>WrongAnswers/&lt;lab&gt;.json</c> (one per autograded exercise, keyed by the
/// solution cell's grade id): a submission that makes them must lose points, so the tests really test.
/// </summary>
public static class WrongAnswers
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The mistakes for <paramref name="notebook"/> (a file name in notebooks/).</summary>
    public static IReadOnlyDictionary<string, WrongAnswer> For(string notebook)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "WrongAnswers", Path.ChangeExtension(notebook, ".json"));
        if (!File.Exists(path))
            throw new FileNotFoundException($"{notebook} has no typical mistakes: write tests/Course.Labs.NotebookTests/WrongAnswers/{Path.GetFileName(path)} (one wrong answer per exercise, keyed by grade id).", path);
        return JsonSerializer.Deserialize<Dictionary<string, WrongAnswer>>(File.ReadAllText(path), Json)
               ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The key with every exercise's solution region replaced by its mistake; every exercise must have one.</summary>
    public static Notebook Apply(Notebook key, IReadOnlyDictionary<string, WrongAnswer> wrong, string notebook)
    {
        var nb = key.Clone();
        var exercises = nb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer).ToList();
        var missing = exercises.Select(c => GradingCell.GradeId(c)!).Where(id => !wrong.ContainsKey(id)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{notebook}: no wrong answer for exercise(s) {string.Join(", ", missing)} in WrongAnswers.");
        var unknown = wrong.Keys.Except(exercises.Select(c => GradingCell.GradeId(c)!)).ToList();
        if (unknown.Count > 0) throw new InvalidDataException($"{notebook}: WrongAnswers names exercise(s) the notebook lacks: {string.Join(", ", unknown)}.");
        foreach (var cell in exercises)
        {
            var answer = wrong[GradingCell.GradeId(cell)!];
            string where = $"{notebook}, cell {cell.Id}";
            cell.Source = answer switch
            {
                { Regions: { } regions } => ReplaceEachRegion(cell.Source, regions, where),
                { Code: { } code } => SourceMarkers.ReplaceSolutions(cell.Source, code, where),
                _ => throw new InvalidDataException($"{where}: the wrong answer gives neither code nor regions."),
            };
        }
        return nb;
    }

    /// <summary>The k-th solution region (marker lines included) replaced by <paramref name="regions"/>[k], indented like its BEGIN line.</summary>
    private static string ReplaceEachRegion(string source, string[][] regions, string where)
    {
        var result = new List<string>();
        int region = 0;
        bool inside = false;
        foreach (var line in source.Split('\n'))
        {
            if (!inside && line.Contains(SourceMarkers.BeginSolution, StringComparison.Ordinal))
            {
                if (region == regions.Length) throw new InvalidDataException($"{where}: more solution regions than the {regions.Length} the wrong answer gives.");
                string indent = line[..(line.Length - line.TrimStart().Length)];
                result.AddRange(regions[region++].Select(code => indent + code));
                inside = true;
            }
            else if (inside) inside = !line.Contains(SourceMarkers.EndSolution, StringComparison.Ordinal);
            else result.Add(line);
        }
        if (region != regions.Length) throw new InvalidDataException($"{where}: {region} solution regions, but the wrong answer gives {regions.Length}.");
        return string.Join("\n", result);
    }

    /// <summary>Each exercise's grade id with the grade ids of the test cells between it and the next exercise.</summary>
    public static IEnumerable<(string Exercise, List<string> Tests)> TestsOf(Notebook key)
    {
        (string Exercise, List<string> Tests)? current = null;
        foreach (var cell in key.Cells)
        {
            var kind = GradingCell.Kind(cell);
            if (kind == GradingKind.AutogradedAnswer)
            {
                if (current is { } done) yield return done;
                current = (GradingCell.GradeId(cell)!, []);
            }
            else if (kind == GradingKind.AutograderTest && current is { } open) open.Tests.Add(GradingCell.GradeId(cell)!);
        }
        if (current is { } last) yield return last;
    }
}
