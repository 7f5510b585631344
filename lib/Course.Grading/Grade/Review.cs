using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>What in a submission an instructor should look at by hand; it does not change the score.</summary>
public static class Review
{
    /// <summary>The reasons to review <paramref name="submission"/> against <paramref name="key"/>.</summary>
    public static IEnumerable<string> Of(Notebook key, Notebook submission)
    {
        var answers = key.Cells.Where(c => GradingCell.Kind(c) is GradingKind.AutogradedAnswer or GradingKind.ManualAnswer).ToList();
        var theirs = submission.Cells.Where(c => GradingCell.GradeId(c) is not null).ToDictionary(c => GradingCell.GradeId(c)!, c => c.Source, StringComparer.Ordinal);
        if (answers.Count > 0 && answers.All(a => theirs.TryGetValue(GradingCell.GradeId(a)!, out var s) && Same(s, a.Source)))
            yield return "identical to the key's solutions (every answer cell is the key's, markers included)";
        else if (submission.Cells.Any(c => SourceMarkers.HasSolution(c.Source) || SourceMarkers.HasHiddenTests(c.Source)))
            yield return "holds the key's BEGIN SOLUTION or BEGIN HIDDEN TESTS markers (a copy of the key?)";
    }

    private static bool Same(string a, string b) => a.Replace("\r\n", "\n").Trim() == b.Replace("\r\n", "\n").Trim();
}
