using Course.Grading.Grade;
using Course.Grading.Sandbox;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Hostile;

/// <summary>
/// The control for the hostile class: the same spy and vandal graded with --no-sandbox (on a tree of their own) do read
/// the key and do change the library, so the hostile class's checks can fail, and --no-sandbox is recorded as such.
/// </summary>
public sealed class UnsandboxedControlTests
{
    [Fact]
    public async Task Without_the_sandbox_the_spy_reads_the_key_and_the_vandal_changes_the_library()
    {
        using var tree = new ClassTree();
        tree.Submit("spy", nb => ClassTree.Answer(nb, "using System.IO;\nint Square(int x) => x * x;\n" + Attacks.Spy([tree.KeyPath])));
        tree.Submit("vandal", nb => ClassTree.Answer(nb, "using System.IO;\nint Square(int x) => x * x;\n" + Attacks.Vandal([tree.HelperDll], [])));
        var before = tree.Snapshot(tree.Root, except: tree.Output);
        var request = new GradeRequest(tree.KeyPath, Directory.GetDirectories(tree.Submissions).Order().ToList(), tree.Output,
            new Limits(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90), 600), Jobs: 1,
            new LabsCommand("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll")]), Sandbox: false);
        var book = await Grader.RunAsync(request, TextWriter.Null);

        string Printed(string student) => string.Join("\n", NotebookFile.Read(Path.Combine(tree.Output, "work", student, "executed", "squares.ipynb")).Cells
            .SelectMany(c => c.Outputs).Select(o => o.ToJsonString()));
        var printed = NotebookFile.JoinLines(NotebookFile.Read(Path.Combine(tree.Output, "work", "spy", "executed", "squares.ipynb")).Cells
            .SelectMany(c => c.Outputs).First(o => (string?)o["name"] == "stdout")["text"]);
        Assert.Contains(ClassTree.SolutionMarker, printed);
        Assert.Contains(ClassTree.HiddenMarker, printed);
        var after = tree.Snapshot(tree.Root, except: tree.Output);
        Assert.True(before[tree.HelperDll] != after.GetValueOrDefault(tree.HelperDll, "deleted"), Printed("vandal"));
        Assert.All(book.Grades, g => Assert.StartsWith("no sandbox (--no-sandbox)", g.Isolation));
    }
}
