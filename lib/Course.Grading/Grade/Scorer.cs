using System.Globalization;
using System.Text.Json.Nodes;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>One graded cell's result. <see cref="Points"/> is null for a written answer waiting for the instructor.</summary>
public sealed record CellScore(string GradeId, GradingKind Kind, double? Points, double MaxPoints, string Outcome);

/// <summary>
/// Scores the test and answer cells of an executed submission, as nbgrader's autograder does, but without zeroing a
/// test that wrote to stderr (library warnings must not cost points): a test that raised an error scores 0; a test
/// whose result is a number scores that number (clamped to 0..points); any other test that ran scores full points.
/// Answers left as handed out score 0; changed written answers wait for manual grading.
/// </summary>
public static class Scorer
{
    public static IReadOnlyList<CellScore> Score(Notebook key, PreparedSubmission prepared, Notebook? executed)
    {
        var scores = new List<CellScore>();
        foreach (var keyCell in key.Cells)
        {
            string? id = GradingCell.GradeId(keyCell);
            if (id is null) continue;
            var kind = GradingCell.Kind(keyCell);
            double max = GradingCell.IsGrade(keyCell) ? GradingCell.Points(keyCell) : 0;
            var answer = prepared.Notebook.Cells.FirstOrDefault(c => GradingCell.GradeId(c) == id);
            switch (kind)
            {
                case GradingKind.AutograderTest:
                    scores.Add(ScoreTest(id, max, keyCell, executed));
                    break;
                case GradingKind.ManualAnswer:
                    bool untouched = answer is null || Unchanged(answer, keyCell);
                    scores.Add(untouched
                        ? new CellScore(id, kind, 0, max, "unchanged: scores 0")
                        : new CellScore(id, kind, null, max, "needs manual grading"));
                    break;
                case GradingKind.AutogradedAnswer:
                    scores.Add(new CellScore(id, kind, 0, 0, answer is null || Unchanged(answer, keyCell) ? "unchanged" : "answered"));
                    break;
            }
        }
        return scores;
    }

    private static bool Unchanged(Cell answer, Cell keyCell)
        => Normalize(answer.Source) == Normalize(SubmissionPreparer.Student(keyCell).Source);

    private static string Normalize(string s) => s.Replace("\r\n", "\n").Trim();

    private static CellScore ScoreTest(string id, double max, Cell keyCell, Notebook? executed)
    {
        const GradingKind kind = GradingKind.AutograderTest;
        if (executed is null) return new CellScore(id, kind, 0, max, "not run: the submission produced no executed notebook");
        var cell = executed.Cells.FirstOrDefault(c => GradingCell.GradeId(c) == id);
        if (cell is null || Normalize(cell.Source) != Normalize(keyCell.Source))
            return new CellScore(id, kind, 0, max, "tampered: the executed notebook does not hold this test as given");
        if (cell.ExecutionCount is null || (string?)(cell.Metadata["papermill"] as JsonObject)?["status"] is "pending" or "running")
            return new CellScore(id, kind, 0, max, "not run: an earlier cell stopped the notebook");
        foreach (var output in cell.Outputs)
        {
            if ((string?)output["output_type"] == "error")
                return new CellScore(id, kind, 0, max, $"failed: {output["ename"]}: {First((string?)output["evalue"] ?? "")}");
        }
        if ((string?)(cell.Metadata["papermill"] as JsonObject)?["status"] == "failed")
            return new CellScore(id, kind, 0, max, "failed");
        foreach (var output in cell.Outputs)
        {
            if ((string?)output["output_type"] != "execute_result") continue;
            string text = NotebookFile.JoinLines((output["data"] as JsonObject)?["text/plain"]).Trim();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double partial) && double.IsFinite(partial))
                return new CellScore(id, kind, Math.Clamp(partial, 0, max), max, $"partial credit: {text}");
        }
        return new CellScore(id, kind, max, max, "passed");
    }

    private static string First(string text)
    {
        var line = text.Split('\n')[0];
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
