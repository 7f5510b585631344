using System.Diagnostics;
using System.Text.Json;

namespace Course.Labs.Training;

/// <summary>
/// A grid search over two hyper-parameters (learning rate x weight decay, learning rate x batch size, as in seed
/// 000). Each finished configuration is saved to a JSON file at once, so an interrupted sweep resumes where it
/// stopped and finished configurations are never rerun.
/// </summary>
/// <example><code>
/// var sweep = new HyperparameterSweep("learning rate", [0.1, 0.01, 0.001], "weight decay", [1, 0.1, 0.01, 0.001], "sweeps/lr-wd.json");
/// var result = sweep.Run((lr, wd) => Trainer.For(NewModel(), lr: lr, weightDecay: wd).Fit(train, test, 5).Last!.ValidationAccuracy!.Value);
/// result   // table and heatmap
/// </code></example>
public sealed class HyperparameterSweep
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public HyperparameterSweep(string rowName, IReadOnlyList<double> rowValues, string columnName, IReadOnlyList<double> columnValues,
        string? resultsPath = null, string scoreName = "validation accuracy")
    {
        if (rowValues is not { Count: > 0 }) throw new ArgumentException("rowValues must list at least one value to try.", nameof(rowValues));
        if (columnValues is not { Count: > 0 }) throw new ArgumentException("columnValues must list at least one value to try.", nameof(columnValues));
        (RowName, RowValues, ColumnName, ColumnValues, ResultsPath, ScoreName) = (rowName, rowValues, columnName, columnValues, resultsPath, scoreName);
    }

    public string RowName { get; }
    public IReadOnlyList<double> RowValues { get; }
    public string ColumnName { get; }
    public IReadOnlyList<double> ColumnValues { get; }
    /// <summary>JSON file of finished configurations (none: results are kept in memory only).</summary>
    public string? ResultsPath { get; }
    public string ScoreName { get; }

    /// <summary>
    /// Runs <paramref name="train"/>(row value, column value) for every configuration not already in
    /// <see cref="ResultsPath"/>, row by row; <paramref name="train"/> returns the score (e.g. validation accuracy).
    /// A configuration whose training diverges (<see cref="NonFiniteLossException"/>) scores NaN, shown as "diverged".
    /// Cancellation stops between configurations; what finished is kept.
    /// </summary>
    public SweepResult Run(Func<double, double, double> train, CancellationToken cancellation = default, Action<SweepEntry>? onFinished = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var done = Load();
        foreach (var row in RowValues)
            foreach (var column in ColumnValues)
            {
                if (done.Any(e => e.Row == row && e.Column == column)) continue;
                if (cancellation.IsCancellationRequested) return Result(done);
                var clock = Stopwatch.StartNew();
                double score;
                try { score = train(row, column); }
                catch (NonFiniteLossException) { score = double.NaN; }   // diverged: recorded, and the sweep goes on
                var entry = new SweepEntry(row, column, score, clock.Elapsed.TotalSeconds);
                done.Add(entry);
                Save(done);
                onFinished?.Invoke(entry);
            }
        return Result(done);
    }

    private SweepResult Result(List<SweepEntry> done) => new(this, done.Where(e => RowValues.Contains(e.Row) && ColumnValues.Contains(e.Column)).ToList());

    private List<SweepEntry> Load()
    {
        if (ResultsPath is null || !File.Exists(ResultsPath)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<SweepEntry>>(File.ReadAllText(ResultsPath), Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The sweep results file '{ResultsPath}' is not valid JSON ({e.Message}); delete it to start the sweep afresh.", e);
        }
    }

    private void Save(List<SweepEntry> done)
    {
        if (ResultsPath is null) return;
        string full = Path.GetFullPath(ResultsPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(done, Json));
        File.Move(temporary, full, overwrite: true);
    }
}
