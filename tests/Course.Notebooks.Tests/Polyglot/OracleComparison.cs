using System.Text.Json.Nodes;
using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Polyglot;

/// <summary>Runs cells through the Polyglot oracle and through our engine, and lists where what they show differs.</summary>
public static class OracleComparison
{
    /// <summary>What a cell showed, in order, as the oracle's events: display, return, stdout, stderr, failed.</summary>
    public static List<PolyglotOracle.Event> Ours(Cell cell)
    {
        var events = new List<PolyglotOracle.Event>();
        foreach (var o in cell.Outputs)
        {
            var data = o["data"] as JsonObject ?? [];
            var values = data.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => NotebookFile.JoinLines(p.Value));
            foreach (var (mime, node) in data)
                if (node is not JsonValue) values[mime] = node!.ToJsonString();
            events.Add((string?)o["output_type"] switch
            {
                "stream" => new PolyglotOracle.Event((string)o["name"]!, new Dictionary<string, string> { ["text/plain"] = NotebookFile.JoinLines(o["text"]) }, null),
                "display_data" => new PolyglotOracle.Event("display", values, null),
                "execute_result" => new PolyglotOracle.Event("return", values, null),
                "error" => new PolyglotOracle.Event("failed", new Dictionary<string, string>(), (string?)o["evalue"]),
                var other => new PolyglotOracle.Event(other ?? "?", values, null),
            });
        }
        return events;
    }

    /// <summary>The oracle's events with each update applied to the display it replaces (our notebook keeps the last value).</summary>
    public static List<PolyglotOracle.Event> Settled(IEnumerable<PolyglotOracle.Event> events)
    {
        var settled = new List<PolyglotOracle.Event>();
        foreach (var e in events)
        {
            if (e.Type == "update" && settled.FindLastIndex(x => x.Type == "display") is var at and >= 0) settled[at] = e with { Type = "display" };
            else if (e.Type == "error") continue;   // ErrorProduced comes with CommandFailed, which is the one compared
            else settled.Add(e);
        }
        // stdout written in several pieces is one stream output in a notebook
        for (var i = settled.Count - 1; i > 0; i--)
            if (settled[i].Type is "stdout" or "stderr" && settled[i - 1].Type == settled[i].Type)
            {
                settled[i - 1] = settled[i - 1] with { Values = new Dictionary<string, string> { ["text/plain"] = settled[i - 1].Values["text/plain"] + settled[i].Values["text/plain"] } };
                settled.RemoveAt(i);
            }
        return settled;
    }

    /// <summary>
    /// The differences between the oracle's and our events for one cell: event types in order, then for every MIME type the
    /// oracle showed, the same type and value in ours (line ends normalized). Ours may add MIME types (text/plain always).
    /// </summary>
    public static List<string> Differences(IReadOnlyList<PolyglotOracle.Event> oracle, IReadOnlyList<PolyglotOracle.Event> ours,
        Func<string, string>? normalize = null)
    {
        normalize ??= Normalize;
        var differences = new List<string>();
        var expected = Settled(oracle);
        if (!expected.Select(e => e.Type).SequenceEqual(ours.Select(e => e.Type)))
            return [$"events: Polyglot [{string.Join(", ", expected.Select(e => e.Type))}], ours [{string.Join(", ", ours.Select(e => e.Type))}]"
                    + string.Concat(expected.Concat(ours).Where(e => e.Message is not null).Select(e => $"\n  {e.Type}: {e.Message}"))];
        for (var i = 0; i < expected.Count; i++)
            foreach (var (mime, value) in expected[i].Values)
            {
                if (!ours[i].Values.TryGetValue(mime, out var mine)) differences.Add($"{expected[i].Type} {i}: no {mime} (ours: {string.Join(", ", ours[i].Values.Keys)})");
                else if (normalize(mine) != normalize(value)) differences.Add($"{expected[i].Type} {i} {mime}:\n  Polyglot: {normalize(value)}\n  ours:     {normalize(mine)}");
            }
        return differences;
    }

    /// <summary>
    /// What may differ without changing what a reader sees: line ends, trailing white space, the stylesheet the formatter
    /// appends (once per output, placed differently when outputs nest), submission numbers (Polyglot runs a hidden first
    /// submission), JSON spacing.
    /// </summary>
    public static string Normalize(string text)
    {
        text = System.Text.RegularExpressions.Regex.Replace(text.Replace("\r\n", "\n"), "<style>.*?</style>", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        text = System.Text.RegularExpressions.Regex.Replace(text, @"Submission#\d+", "Submission#N").TrimEnd();
        if (text.StartsWith('{') || text.StartsWith('['))
            try { return JsonNode.Parse(text)!.ToJsonString(); } catch (System.Text.Json.JsonException) { }
        return text;
    }

    /// <summary>Runs the cells in the oracle and in our engine (one session each) and returns every difference, cell by cell.</summary>
    public static async Task<List<string>> CompareAsync(params string[] cells)
    {
        var oracle = PolyglotOracle.Run(cells);
        var ours = await Support.Run.Execute(Support.Run.Notebook(cells), new Execution.RunOptions { ContinueOnError = true });
        var code = ours.CodeCells();
        var differences = new List<string>();
        for (var i = 0; i < cells.Length; i++)
            foreach (var d in Differences(oracle[i], Ours(code[i])))
                differences.Add($"cell {i + 1} `{cells[i].ReplaceLineEndings(" | ")}`: {d}");
        return differences;
    }
}
