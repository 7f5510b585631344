using Course.Grading.Csv;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>
/// manual-marks.csv, the sheet the instructor fills in for written answers: each grading run or merge adds a row for
/// each written answer not yet in it (a student graded later, a regraded one), and keeps every row already there as it
/// is, with the marks entered and any column the instructor added (a comment). Written atomically.
/// </summary>
public static class ManualMarks
{
    private static readonly string[] Columns = ["student", "grade_id", "points", "max_points"];

    /// <summary>Adds the rows of <paramref name="template"/> (student, grade_id, "", max) that <paramref name="path"/> lacks; returns how many.</summary>
    public static int Update(string path, IReadOnlyList<IReadOnlyList<CsvCell>> template)
    {
        var header = Columns.ToList();
        var rows = new List<IReadOnlyList<CsvCell>>();
        var present = new HashSet<(string, string)>();
        if (File.Exists(path) && new FileInfo(path).Length > 0)
        {
            var (existingHeader, existing) = CsvTable.Read(path);
            header.AddRange(existingHeader.Where(h => h.Length > 0 && !header.Contains(h)));
            foreach (var row in existing)
            {
                rows.Add(header.Select(h => Cell(h, row[h])).ToList());
                present.Add((row["student"].Trim(), row["grade_id"].Trim()));
            }
        }
        int added = 0;
        foreach (var t in template.Where(t => present.Add((t[0].Text, t[1].Text))))
        {
            rows.Add(header.Select((h, i) => i < t.Count ? t[i] : (CsvCell)"").ToList());
            added++;
        }
        if (added > 0 || !File.Exists(path)) AtomicFile.WriteAllText(path, CsvTable.Write(header, rows));
        return added;
    }

    /// <summary>A cell read back: a number stays a number, text (which was neutralised when written) is kept as read.</summary>
    private static CsvCell Cell(string column, string text)
        => column is "points" or "max_points" && double.TryParse(text.Replace(',', '.'), System.Globalization.NumberStyles.Float,
               System.Globalization.CultureInfo.InvariantCulture, out _)
            ? CsvCell.Number(text) : new CsvCell(text.StartsWith('\'') ? text[1..] : text, false);
}
