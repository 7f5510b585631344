using System.Diagnostics;
using Course.Grading.Assign;
using Course.Grading.Submissions;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sandbox;

/// <summary>Submissions read as hostile files, and student ids that can be used.</summary>
public sealed class SubmissionFileTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("submission-file-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Write(string relative, Notebook? nb = null)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        NotebookFile.Write(nb ?? Assigner.StudentVersion(Lab.Key(), "squares.ipynb"), path);
        return path;
    }

    [Fact]
    public void The_notebook_named_like_the_key_is_read_else_the_only_one()
    {
        Write("alice/squares.ipynb");
        Write("alice/scratch.ipynb", Notebook.NewCSharp());
        Write("alice/.ipynb_checkpoints/squares-checkpoint.ipynb");
        Assert.Contains(SubmissionFile.Read(Path.Combine(root, "alice"), "squares.ipynb", 1 << 20).Cells, c => c.Source.Contains("Square"));
        Write("bob/deep/er/mine.ipynb");
        Assert.NotEmpty(SubmissionFile.Read(Path.Combine(root, "bob"), "squares.ipynb", 1 << 20).Cells);
        Write("carol/a.ipynb");
        Write("carol/b.ipynb");
        Assert.Contains("several notebooks", Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "carol"), "squares.ipynb", 1 << 20)).Message);
    }

    [Fact]
    public void A_link_anywhere_below_the_submission_is_refused()
    {
        var real = Write("elsewhere/squares.ipynb");
        Directory.CreateDirectory(Path.Combine(root, "dave"));
        Directory.CreateSymbolicLink(Path.Combine(root, "dave", "sub"), Path.Combine(root, "elsewhere"));
        var e = Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "dave"), "squares.ipynb", 1 << 20));
        Assert.Contains("no .ipynb", e.Message);   // a linked folder is not even searched
        File.CreateSymbolicLink(Path.Combine(root, "dave", "squares.ipynb"), real);
        Assert.Contains("is a symbolic link", Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "dave"), "squares.ipynb", 1 << 20)).Message);
        File.CreateSymbolicLink(Path.Combine(root, "erin.ipynb"), real);
        Assert.Contains("is a symbolic link", Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "erin.ipynb"), "squares.ipynb", 1 << 20)).Message);
    }

    [Fact]
    public void A_fifo_is_refused_at_once_and_a_large_file_by_its_size()
    {
        Directory.CreateDirectory(Path.Combine(root, "frank"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(root, "frank", "squares.ipynb")])!) mkfifo.WaitForExit();
        var clock = Stopwatch.StartNew();
        Assert.Contains("is a FIFO", Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "frank"), "squares.ipynb", 1 << 20)).Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        var big = Write("gina/squares.ipynb");
        using (var f = File.OpenWrite(big)) f.SetLength(5 << 20);
        Assert.Contains("over the limit of 1,048,576", Assert.Throws<InvalidDataException>(() => SubmissionFile.Read(Path.Combine(root, "gina"), "squares.ipynb", 1 << 20)).Message);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("s1234567")]
    [InlineData("jean-luc.picard_2")]
    [InlineData("a.b@uni.example")]
    public void Plain_ids_are_used(string id) => Assert.Null(StudentIds.Problem(id));

    [Theory]
    [InlineData("=HYPERLINK(\"x\")")]
    [InlineData("+1")]
    [InlineData("-rf")]
    [InlineData("@SUM(A1)")]
    [InlineData(".hidden")]
    [InlineData("two words")]
    [InlineData("zoë")]
    [InlineData("tab\there")]
    [InlineData("<script>")]
    public void Odd_ids_are_reported(string id) => Assert.Contains("not a usable student id", StudentIds.Problem(id));

    [Fact]
    public void Ids_are_shown_with_control_characters_escaped()
    {
        Assert.Equal("'a\\u001b[31mb'", StudentIds.Show("a\u001b[31mb"));
        Assert.NotNull(StudentIds.Problem(new string('a', 65)));
        Assert.Null(StudentIds.Problem(new string('a', 64)));
    }
}
