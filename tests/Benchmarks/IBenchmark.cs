using System.Globalization;

namespace Course.Benchmarks;

/// <summary>A benchmark the Benchmarks program runs by name. It prints its figures as it goes and records them in the summary.</summary>
public interface IBenchmark
{
    /// <summary>The name used on the command line (e.g. <c>data</c>).</summary>
    string Name { get; }

    /// <summary>One line for the list of benchmarks.</summary>
    string Description { get; }

    /// <summary>Runs both sides (ours and the reference) in one run, interleaved, and records each figure.</summary>
    void Run(string[] args, BenchmarkSummary summary);
}

/// <summary>
/// The last line every benchmark prints: <c>summary: name=value ...</c>. Ratios against a reference are named
/// <c>..._vs_REFERENCE</c> and are oriented so that higher is better for us.
/// </summary>
public sealed class BenchmarkSummary
{
    private readonly List<(string Name, string Value)> figures = [];

    public void Add(string name, double value, int decimals = 3)
        => figures.Add((name, value.ToString("F" + decimals, CultureInfo.InvariantCulture)));

    public void Add(string name, string value) => figures.Add((name, value));

    public string ToLine() => "summary: " + string.Join(' ', figures.Select(f => $"{f.Name}={f.Value}"));
}
