using System.Text;

namespace Course.Grading.Nbgrader;

/// <summary>
/// nbgrader's source markers for C#: lines holding <c>BEGIN SOLUTION</c>/<c>END SOLUTION</c> (written as
/// <c>// BEGIN SOLUTION</c>) and <c>BEGIN HIDDEN TESTS</c>/<c>END HIDDEN TESTS</c>.
/// </summary>
public static class SourceMarkers
{
    public const string BeginSolution = "BEGIN SOLUTION", EndSolution = "END SOLUTION";
    public const string BeginHidden = "BEGIN HIDDEN TESTS", EndHidden = "END HIDDEN TESTS";

    /// <summary>The stub a student sees in place of a code solution.</summary>
    public static readonly string[] CodeStub = ["// YOUR CODE HERE", "throw new NotImplementedException();"];

    /// <summary>The text a student sees in place of a written answer.</summary>
    public const string MarkdownStub = "YOUR ANSWER HERE";

    public static bool HasSolution(string source) => source.Contains(BeginSolution, StringComparison.Ordinal);
    public static bool HasHiddenTests(string source) => source.Contains(BeginHidden, StringComparison.Ordinal);

    /// <summary>
    /// Replaces each solution region (marker lines included) with <paramref name="stub"/>, indented like its BEGIN line.
    /// Without markers the whole source becomes the stub. An unclosed region is an error naming <paramref name="where"/>.
    /// </summary>
    public static string ReplaceSolutions(string source, IReadOnlyList<string> stub, string where)
    {
        if (!HasSolution(source)) return string.Join("\n", stub);
        return Rewrite(source, BeginSolution, EndSolution, where, indent => stub.Select(s => indent + s));
    }

    /// <summary>Removes each hidden-tests region, marker lines included.</summary>
    public static string RemoveHiddenTests(string source, string where)
        => HasHiddenTests(source) ? Rewrite(source, BeginHidden, EndHidden, where, _ => []) : source;

    private static string Rewrite(string source, string begin, string end, string where, Func<string, IEnumerable<string>> replacement)
    {
        var lines = source.Split('\n');
        var result = new List<string>();
        bool inside = false;
        foreach (var line in lines)
        {
            if (!inside && line.Contains(begin, StringComparison.Ordinal))
            {
                inside = true;
                result.AddRange(replacement(line[..(line.Length - line.TrimStart().Length)]));
                continue;
            }
            if (inside)
            {
                if (line.Contains(end, StringComparison.Ordinal)) inside = false;
                continue;
            }
            if (line.Contains(end, StringComparison.Ordinal))
                throw new FormatException($"{where}: '{end}' without a '{begin}' before it.");
            result.Add(line);
        }
        if (inside) throw new FormatException($"{where}: '{begin}' is never closed by '{end}'.");
        var text = new StringBuilder(string.Join("\n", result));
        return text.ToString();
    }
}
