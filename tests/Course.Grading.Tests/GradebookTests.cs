using Course.Grading.Grade;

namespace Course.Grading.Tests;

public sealed class GradebookTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"gradebook-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static StudentGrade Grade(string student, double? written) => new StudentGrade
    {
        Student = student, Status = "completed", MaxScore = 7,
    }.WithCells(new Dictionary<string, double?> { ["square_test"] = 2, ["square_partial"] = 1.5, ["why_sign"] = written });

    [Fact]
    public void Writes_csv_and_json_and_reads_them_back_to_resume()
    {
        var book = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        book.Record(Grade("bob", null));
        book.Record(Grade("alice", 3));
        var csv = File.ReadAllLines(book.CsvPath);
        Assert.Equal("assignment,student_id,raw_score,score,max_score,status,square_test,square_partial,why_sign,isolation,review", csv[0]);
        Assert.Equal("squares,alice,6.5,6.5,7,completed,2,1.5,3,,", csv[1]);
        Assert.Equal("squares,bob,3.5,3.5,7,completed,2,1.5,,,", csv[2]);

        var again = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        Assert.True(again.Has("alice"));
        Assert.Equal(["why_sign"], again.Grades.Single(g => g.Student == "bob").NeedsManual);
    }

    [Fact]
    public void Manual_marks_are_merged_and_totals_recomputed()
    {
        var book = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        book.Record(Grade("bob", null));
        string marks = Path.Combine(folder, "marks.csv");
        File.WriteAllText(marks, "student,grade_id,points,max_points\nbob,why_sign,2.5,3\n");
        Assert.Equal(1, book.MergeManual(marks));
        var bob = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]).Grades.Single();
        Assert.Equal(6, bob.Score);
        Assert.Empty(bob.NeedsManual);
    }

    [Fact]
    public void Text_cells_that_would_be_formulas_are_neutralised_and_numbers_are_not()
    {
        var book = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        book.Record(Grade("=HYPERLINK(\"http://evil\",\"x\")", 1) with { Review = ["-cmd|' /C calc'!A0", "@SUM(1)", "+1"] });
        book.Record(Grade("ok", 1) with { Isolation = "bwrap, quoted \"and\" multi\nline" });
        var text = File.ReadAllText(book.CsvPath);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", text);
        Assert.Contains("'-cmd|' /C calc'!A0; @SUM(1); +1", text);   // the cell starts with '-': neutralised as a whole
        Assert.DoesNotMatch("(^|,)[=+@-]", text.Replace("\n", ","));
        Assert.Contains("\"bwrap, quoted \"\"and\"\" multi\nline\"", text);   // RFC 4180 quoting survives a line break
        Assert.Contains(",4.5,4.5,7,", text);
    }

    [Fact]
    public void Marks_from_a_semicolon_spreadsheet_with_multi_line_comments_and_decimal_commas_are_merged()
    {
        var book = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        book.Record(Grade("bob", null));
        string marks = Path.Combine(folder, "marks.csv");
        File.WriteAllText(marks, "\uFEFFStudent;Grade_ID;Points;Comment\nbob;why_sign;2,5;\"good;\nbut short\"\n");
        Assert.Equal(1, book.MergeManual(marks));
        Assert.Equal(6, new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]).Grades.Single().Score);
    }

    [Fact]
    public void Bad_marks_name_the_file_and_line()
    {
        var book = new Gradebook(folder, "squares", ["square_test", "square_partial", "why_sign"]);
        book.Record(Grade("bob", null));
        string marks = Path.Combine(folder, "marks.csv");
        File.WriteAllText(marks, "student,grade_id,points\nbob,why_sign,lots\n");
        var e = Assert.Throws<InvalidDataException>(() => book.MergeManual(marks));
        Assert.Contains("marks.csv, line 2", e.Message);
        File.WriteAllText(marks, "student,grade_id,points\ncarol,why_sign,1\n");
        Assert.Contains("no student 'carol'", Assert.Throws<InvalidDataException>(() => book.MergeManual(marks)).Message);
    }

    [Fact]
    public void A_damaged_gradebook_is_reported_not_overwritten()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "gradebook.json"), "{ not json");
        var e = Assert.Throws<InvalidDataException>(() => new Gradebook(folder, "squares", []));
        Assert.Contains("gradebook.json", e.Message);
    }
}
