using Course.Grading.Grade;

namespace Course.Grading.Tests.Sharding;

public sealed class GradebookSharingTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sharing-").FullName;
    private static readonly string[] Ids = ["square_test", "square_partial", "why_sign"];

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Two_graders_sharing_an_output_folder_lose_no_record()
    {
        // Two processes' gradebooks on one folder (two nodes on shared storage), each recording its own students.
        var a = new Gradebook(folder, "squares", Ids);
        var b = new Gradebook(folder, "squares", Ids);
        Parallel.For(0, 40, i => (i % 2 == 0 ? a : b).Record(ShardOutputs.Grade($"s{i:D2}")));
        var read = new Gradebook(folder, "squares", Ids);
        Assert.Equal(40, read.Grades.Count);
        Assert.Equal(41, File.ReadAllLines(read.CsvPath).Length);
    }

    [Fact]
    public void A_replaced_grade_goes_to_the_history_file()
    {
        var book = new Gradebook(folder, "squares", Ids);
        var first = ShardOutputs.Grade("bob") with { KeyHash = "aaaaaaaaaaaaaaaa" };
        book.Record(first);
        book.Record(first);   // the same grade again: nothing replaced
        Assert.Empty(book.History());
        book.Record(first with { KeyHash = "bbbbbbbbbbbbbbbb" }, "regraded: key changed");
        var history = book.History();
        Assert.Equal("aaaaaaaaaaaaaaaa", Assert.Single(history).Grade.KeyHash);
        Assert.Equal("regraded: key changed", history[0].Why);
        Assert.Equal("bbbbbbbbbbbbbbbb", new Gradebook(folder, "squares", Ids).Find("bob")!.KeyHash);
    }

    [Fact]
    public void The_marks_sheet_gains_rows_and_keeps_every_mark_and_column()
    {
        string sheet = Path.Combine(folder, "manual-marks.csv");
        List<IReadOnlyList<Csv.CsvCell>> Rows(params string[] students) => students.Select(s => (IReadOnlyList<Csv.CsvCell>)[s, "why_sign", "", Csv.CsvCell.Number("3")]).ToList();
        Assert.Equal(2, ManualMarks.Update(sheet, Rows("alice", "bob")));
        File.WriteAllText(sheet, "student,grade_id,points,max_points,comment\nalice,why_sign,2,3,\"fine; short\"\nbob,why_sign,,3,\n");
        Assert.Equal(1, ManualMarks.Update(sheet, Rows("alice", "bob", "carol")));
        Assert.Equal("student,grade_id,points,max_points,comment\nalice,why_sign,2,3,fine; short\nbob,why_sign,,3,\ncarol,why_sign,,3,\n",
                     File.ReadAllText(sheet).ReplaceLineEndings("\n"));
        Assert.Equal(0, ManualMarks.Update(sheet, Rows("alice")));
    }
}
