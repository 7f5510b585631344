using Course.Grading.Grade;
using Course.Grading.Merge;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sharding;

public sealed class MergeTests : IDisposable
{
    private readonly ShardOutputs t = new();
    private static readonly List<string> Students = Enumerable.Range(0, 12).Select(i => $"student{i:D2}").ToList();

    public void Dispose() => t.Dispose();

    [Fact]
    public void Merging_builds_one_gradebook_pages_and_marks_sheet_and_merging_again_changes_nothing()
    {
        for (int k = 0; k < 3; k++) t.Write(k, 3, Students);
        var result = ShardMerge.Run(t.Out, [], TextWriter.Null);   // the shards found under OUT/shards
        Assert.Equal(3, result.Shards);
        Assert.Empty(result.MissingShards);
        Assert.Equal(Students, result.Book.Grades.Select(g => g.Student).ToList());
        Assert.All(Students, s => Assert.Equal($"<p>feedback of {s}</p>", File.ReadAllText(Path.Combine(t.Out, "feedback", s + ".html"))));
        var marks = File.ReadAllLines(Path.Combine(t.Out, "manual-marks.csv"));
        Assert.Equal(1 + Students.Count, marks.Length);
        Assert.All(Students, s => Assert.Contains(marks, l => l.StartsWith($"{s},why_sign,,3", StringComparison.Ordinal)));
        string page = File.ReadAllText(Path.Combine(t.Out, "written-answers.html"));
        Assert.All(Students, s => Assert.Contains($"answer of {s}", page));
        var csv = File.ReadAllLines(Path.Combine(t.Out, "gradebook.csv"));
        Assert.StartsWith("assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score,status,", csv[0]);

        var first = ShardOutputs.Files(t.Out);
        var again = ShardMerge.Run(t.Out, Directory.GetDirectories(Path.Combine(t.Out, "shards")), TextWriter.Null);
        Assert.Equal(Students.Count, again.Book.Grades.Count);
        Assert.Equal(first, ShardOutputs.Files(t.Out));
        Assert.False(File.Exists(Path.Combine(t.Out, "gradebook-history.jsonl")));
    }

    [Fact]
    public void Shards_graded_with_different_keys_are_refused_and_nothing_is_written()
    {
        t.Write(0, 2, Students);
        var changed = Lab.Key();
        Lab.ById(changed, "square_test").Source += "\nif (Square(5) != 25) throw new Exception();";
        string otherKey = Path.Combine(t.Root, "other", "squares.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(otherKey)!);
        NotebookFile.Write(changed, otherKey);
        t.Write(1, 2, Students, otherKey);
        var e = Assert.Throws<InvalidDataException>(() => ShardMerge.Run(t.Out, [], TextWriter.Null));
        Assert.Contains("different keys", e.Message);
        Assert.Contains(t.Fingerprint(otherKey).Key, e.Message);
        Assert.False(File.Exists(Path.Combine(t.Out, "gradebook.json")));
    }

    [Fact]
    public void A_key_copy_that_does_not_match_its_manifest_is_refused()
    {
        string folder = t.Write(0, 1, Students);
        File.AppendAllText(Path.Combine(folder, GradingManifest.KeyCopy), " ");
        Assert.Contains("not the key", Assert.Throws<InvalidDataException>(() => ShardMerge.Run(t.Out, [folder], TextWriter.Null)).Message);
    }

    [Fact]
    public void Mixed_shard_counts_a_shard_given_twice_and_stale_grades_are_refused_and_a_missing_shard_reported()
    {
        string a = t.Write(0, 2, Students);
        string b = t.Write(1, 3, Students);
        Assert.Contains("different counts", Assert.Throws<InvalidDataException>(() => ShardMerge.Run(t.Out, [a, b], TextWriter.Null)).Message);
        Assert.Contains("given twice", Assert.Throws<InvalidDataException>(() => ShardMerge.Run(t.Out, [a, a], TextWriter.Null)).Message);

        var book = new Gradebook(a, "squares", ShardOutputs.GradeIds);
        var someone = book.Grades[0];
        book.Record(someone with { KeyHash = "0123456789abcdef" });
        Assert.Contains("another key", Assert.Throws<InvalidDataException>(() => ShardMerge.Run(t.Out, [a], TextWriter.Null)).Message);
        book.Record(someone);

        var progress = new StringWriter();
        var partial = ShardMerge.Run(t.Out, [a], progress);
        Assert.Equal(["1/2"], partial.MissingShards);
        Assert.Contains("MISSING shard(s) 1/2", progress.ToString());
    }

    [Fact]
    public void Marks_entered_in_the_merged_sheet_are_kept_when_the_shards_are_merged_again_and_new_students_get_rows()
    {
        for (int k = 0; k < 2; k++) t.Write(k, 2, Students.Take(8));
        ShardMerge.Run(t.Out, [], TextWriter.Null);
        string sheet = Path.Combine(t.Out, "manual-marks.csv");
        var lines = File.ReadAllLines(sheet).ToList();
        lines[1] = lines[1].Replace("why_sign,,3", "why_sign,2.5,3");
        string marked = lines[1].Split(',')[0];
        lines[0] += ",comment";
        lines[1] += ",\"good, but short\"";
        File.WriteAllLines(sheet, lines);
        Assert.Equal(1, new Gradebook(t.Out, "squares", ShardOutputs.GradeIds).MergeManual(sheet));

        for (int k = 0; k < 2; k++) t.Write(k, 2, Students);   // four more students submitted late, shards graded again
        var merged = ShardMerge.Run(t.Out, [], TextWriter.Null).Book;
        Assert.Equal(2.5, merged.Find(marked)!.Cells["why_sign"]);
        var after = File.ReadAllLines(sheet);
        Assert.Equal(1 + Students.Count, after.Length);
        Assert.Contains(after, l => l == $"{marked},why_sign,2.5,3,\"good, but short\"");
        Assert.All(Students.Skip(8), s => Assert.Contains(after, l => l.StartsWith($"{s},why_sign,,3", StringComparison.Ordinal)));
        Assert.False(File.Exists(merged.HistoryPath));   // the same grades, the mark kept: nothing replaced
    }
}
