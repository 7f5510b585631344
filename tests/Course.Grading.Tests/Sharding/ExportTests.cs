using Course.Grading.Deadlines;
using Course.Grading.Export;
using Course.Grading.Grade;

namespace Course.Grading.Tests.Sharding;

/// <summary>Each export against a sample of the file its system imports, cell for cell.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("export-").FullName;
    private readonly Gradebook book;

    public ExportTests()
    {
        book = new Gradebook(folder, "lab1", ["square_test", "why_sign"]);
        var due = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);
        book.Record(new StudentGrade { Student = "alice", Status = "completed", MaxScore = 5 }
            .WithCells(new() { ["square_test"] = 2, ["why_sign"] = 3 }).WithDeadline(due.AddHours(-1), due, LatePolicy.Parse("per-hour:1")));
        book.Record(new StudentGrade { Student = "bob", Status = "cell-timeout", Reason = "cell 3 ran past 120 s", MaxScore = 5 }
            .WithCells(new() { ["square_test"] = 2, ["why_sign"] = 2.5 }).WithDeadline(due.AddMinutes(90), due, LatePolicy.Parse("per-hour:1")));
        book.Record(new StudentGrade { Student = "-carol", Status = "completed", MaxScore = 5 }
            .WithCells(new() { ["square_test"] = 0, ["why_sign"] = null }).WithDeadline(due, due, LatePolicy.Parse("per-hour:1")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Export(string format)
    {
        string path = Path.Combine(folder, $"{format}.csv");
        Assert.Equal(3, GradeExport.Write(book, format, path));
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }

    [Fact]
    public void Csv_is_nbgraders_export()
    {
        // nbgrader export's CsvExportPlugin: these columns in this order; names empty when the database has none.
        Assert.Equal("""
            assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
            lab1,2026-12-03 17:00:00.000000,2026-12-03 17:00:00.000000,'-carol,,,,0,0,0,5
            lab1,2026-12-03 17:00:00.000000,2026-12-03 16:00:00.000000,alice,,,,5,0,5,5
            lab1,2026-12-03 17:00:00.000000,2026-12-03 18:30:00.000000,bob,,,,4.5,2,2.5,5

            """, Export("csv"));
    }

    [Fact]
    public void Canvas_is_a_gradebook_import_with_points_possible()
    {
        // Canvas's gradebook import: its five identity columns, one column per assignment, a "Points Possible" row.
        Assert.Equal("""
            Student,ID,SIS User ID,SIS Login ID,Section,lab1
            Points Possible,,,,,5
            '-carol,,,'-carol,,0
            alice,,,alice,,5
            bob,,,bob,,2.5

            """, Export("canvas"));
    }

    [Fact]
    public void Moodle_is_a_grade_import_with_feedback()
    {
        // Moodle's CSV grade import: an identity column (mapped to username), the grade item, its feedback.
        Assert.Equal("""
            Username,lab1,Feedback
            '-carol,0,0 / 5; written answers not marked yet
            alice,5,5 / 5
            bob,2.5,2.5 / 5; cell-timeout: cell 3 ran past 120 s; late by 1.5 h: 2 points off

            """, Export("moodle"));
        Assert.Contains("canvas, moodle, csv", Assert.Throws<ArgumentException>(() => GradeExport.Write(book, "blackboard", Path.Combine(folder, "x.csv"))).Message);
    }
}
