using System.Globalization;
using Course.Grading.Csv;
using Course.Grading.Grade;
using Course.Notebooks.Model;

namespace Course.Grading.Export;

/// <summary>
/// <c>labs grade --export canvas|moodle|csv -o OUT</c>: the gradebook in the file a learning-management system imports.
/// <list type="bullet">
/// <item><c>csv</c>: nbgrader's CSV export (<c>nbgrader export</c>): assignment, duedate, timestamp, student_id,
/// last_name, first_name, email, raw_score, late_submission_penalty, score, max_score.</item>
/// <item><c>canvas</c>: Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one column
/// named after the assignment; a "Points Possible" row; each student matched by SIS Login ID (the student id).</item>
/// <item><c>moodle</c>: Moodle's grade import (Grades ▸ Import ▸ CSV file): Username, the assignment's grade and its
/// feedback; map Username to username, the assignment to its grade item and Feedback to its feedback.</item>
/// </list>
/// Scores are after the late penalty; text cells are neutralised against formulas; written atomically.
/// </summary>
public static class GradeExport
{
    /// <summary>The formats <c>--export</c> takes.</summary>
    public static readonly string[] Formats = ["canvas", "moodle", "csv"];

    /// <summary>Writes <paramref name="book"/> in <paramref name="format"/> to <paramref name="path"/>; returns the rows written.</summary>
    public static int Write(Gradebook book, string format, string path)
    {
        var grades = book.Grades;
        double max = grades.Count > 0 ? grades.Max(g => g.MaxScore) : 0;
        string text = format switch
        {
            "csv" => CsvTable.Write(Gradebook.NbgraderColumns, grades.Select(g => (IReadOnlyList<CsvCell>)
            [
                book.Assignment, g.DueDate, g.Timestamp, g.Student, "", "", "",
                Num(g.RawScore), Num(g.LatePenalty), Num(g.Score), Num(g.MaxScore),
            ])),
            "canvas" => CsvTable.Write(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", book.Assignment],
                new IReadOnlyList<CsvCell>[] { ["Points Possible", "", "", "", "", Num(max)] }
                    .Concat(grades.Select(g => (IReadOnlyList<CsvCell>)[g.Student, "", "", g.Student, "", Num(g.Score)]))),
            "moodle" => CsvTable.Write(["Username", book.Assignment, "Feedback"],
                grades.Select(g => (IReadOnlyList<CsvCell>)[g.Student, Num(g.Score), Feedback(g)])),
            _ => throw new ArgumentException($"--export {format}: expected one of {string.Join(", ", Formats)}."),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, text);
        return grades.Count;
    }

    private static string Feedback(StudentGrade g)
    {
        var parts = new List<string> { $"{Num(g.Score).Text} / {Num(g.MaxScore).Text}" };
        if (g.Status != "completed") parts.Add(g.Status + (g.Reason.Length > 0 ? ": " + g.Reason : ""));
        if (g.LatePenalty > 0) parts.Add($"late by {g.SecondsLate / 3600:0.#} h: {Num(g.LatePenalty).Text} points off");
        if (g.NeedsManual.Count > 0) parts.Add("written answers not marked yet");
        return string.Join("; ", parts);
    }

    private static CsvCell Num(double v) => CsvCell.Number(v.ToString("0.###", CultureInfo.InvariantCulture));
}
