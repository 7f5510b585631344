using Course.Grading.Assign;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>A submission ready to run: the key's test and locked cells restored, hidden tests back, the student's answers in place.</summary>
/// <param name="Notebook">The notebook to execute.</param>
/// <param name="Notes">What was repaired (missing cells restored, edited test cells undone, foreign grading metadata removed).</param>
public sealed record PreparedSubmission(Notebook Notebook, IReadOnlyList<string> Notes);

/// <summary>
/// Builds the notebook that is graded from the instructor's key and a student's notebook. Nothing the student wrote
/// is trusted but the sources of answer cells and of cells without a grading role: test, locked and task cells come
/// from the key (hidden tests included), grading metadata comes from the key, and key cells the student deleted are
/// put back where the key has them.
/// </summary>
public static class SubmissionPreparer
{
    public static PreparedSubmission Prepare(Notebook key, Notebook submission)
    {
        var keyCells = key.Cells.Where(c => GradingCell.GradeId(c) is not null).ToDictionary(c => GradingCell.GradeId(c)!);
        var notes = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Cell>();

        foreach (var cell in submission.Cells)
        {
            string? id = GradingCell.GradeId(cell);
            if (id is not null && keyCells.TryGetValue(id, out var keyCell) && used.Add(id))
            {
                var kind = GradingCell.Kind(keyCell);
                if (kind is GradingKind.AutogradedAnswer or GradingKind.ManualAnswer)
                {
                    var answer = FromKey(keyCell);
                    answer.Source = cell.Source;   // the student's answer, under the key's metadata
                    result.Add(answer);
                }
                else
                {
                    if (cell.Source != Student(keyCell).Source && cell.Source != keyCell.Source)
                        notes.Add($"{Describe(kind)} '{id}' was edited; the instructor's version was restored.");
                    result.Add(FromKey(keyCell));
                }
                continue;
            }
            if (id is not null || GradingCell.Metadata(cell) is not null)
            {
                notes.Add(id is not null && used.Contains(id)
                    ? $"a second copy of cell '{id}' was dropped."
                    : $"grading metadata the key does not have was removed from cell {cell.Id}.");
                if (id is not null && used.Contains(id)) continue;
                cell.Metadata.Remove("nbgrader");
            }
            var plain = new Cell { CellType = cell.CellType, Source = cell.Source, Metadata = cell.Metadata.DeepClone().AsObject() };
            plain.Metadata.Remove("nbgrader");
            result.Add(plain);
        }

        // Key cells the student deleted go back after the key cell that precedes them.
        for (int k = 0; k < key.Cells.Count; k++)
        {
            string? id = GradingCell.GradeId(key.Cells[k]);
            if (id is null || used.Contains(id)) continue;
            var kind = GradingCell.Kind(key.Cells[k]);
            var restored = kind is GradingKind.AutogradedAnswer or GradingKind.ManualAnswer ? Student(key.Cells[k]) : FromKey(key.Cells[k]);
            int at = -1;
            for (int p = k - 1; p >= 0 && at < 0; p--)
            {
                string? prev = GradingCell.GradeId(key.Cells[p]);
                int found = prev is null ? -1 : result.FindIndex(c => GradingCell.GradeId(c) == prev);
                if (found >= 0) at = found + 1;
            }
            for (int n = k + 1; n < key.Cells.Count && at < 0; n++)
            {
                string? next = GradingCell.GradeId(key.Cells[n]);
                int found = next is null ? -1 : result.FindIndex(c => GradingCell.GradeId(c) == next);
                if (found >= 0) at = found;
            }
            if (at < 0) at = result.Count;
            result.Insert(at, restored);
            used.Add(id);
            notes.Add($"{Describe(kind)} '{id}' was missing and was restored from the key.");
        }

        var nb = new Notebook { Metadata = key.Metadata.DeepClone().AsObject() };
        nb.Cells.AddRange(result);
        nb.NormalizeIds();
        return new PreparedSubmission(nb, notes);
    }

    /// <summary>The key's cell as students received it (used to tell an untouched answer).</summary>
    public static Cell Student(Cell keyCell)
    {
        var c = FromKey(keyCell);
        Assigner.StudentCell(c, $"cell '{GradingCell.GradeId(keyCell)}'");
        return c;
    }

    private static Cell FromKey(Cell keyCell)
        => new() { CellType = keyCell.CellType, Source = keyCell.Source, Metadata = keyCell.Metadata.DeepClone().AsObject() };

    private static string Describe(GradingKind kind) => kind switch
    {
        GradingKind.AutograderTest => "test cell",
        GradingKind.AutogradedAnswer => "answer cell",
        GradingKind.ManualAnswer => "written answer",
        GradingKind.Task => "task cell",
        _ => "read-only cell",
    };
}
