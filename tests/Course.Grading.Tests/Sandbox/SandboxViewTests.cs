using Course.Grading.Sandbox;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Grading.Tests.Sandbox;

/// <summary>What the sandbox shows, and what it refuses to show.</summary>
public sealed class SandboxViewTests : IDisposable
{
    private readonly Hostile.ClassTree tree = new();

    public void Dispose() => tree.Dispose();

    private static readonly LabsCommand Labs = new("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll")]);

    private SandboxView View(string keyPath, params string[] protectedPaths)
    {
        var restorer = new NuGetRestorer();
        return SandboxView.ForKey(keyPath, KeyReferences.Of(keyPath, NotebookFile.Read(keyPath), restorer), restorer, Labs, 600,
            [keyPath, .. protectedPaths]);
    }

    [Fact]
    public void The_view_holds_what_the_key_loads_and_nothing_of_the_key_the_submissions_or_the_output()
    {
        var view = View(tree.KeyPath, tree.Submissions, tree.Output);
        var sources = view.ReadOnly.Select(b => b.Source).ToList();
        Assert.Contains(Path.GetDirectoryName(tree.HelperDll)!, sources);
        Assert.Contains(tree.NativeFixes, sources);
        Assert.Contains(Path.GetDirectoryName(tree.DataFile)!, sources);
        Assert.DoesNotContain(sources, s => SandboxView.Inside(tree.KeyPath, s) || SandboxView.Inside(tree.Submissions, s) || SandboxView.Inside(tree.Output, s));
        Assert.DoesNotContain(sources, s => s == tree.Repo || s == tree.Root || s == Path.GetDirectoryName(tree.KeyPath));
        Assert.Equal(Path.GetDirectoryName(tree.KeyPath), view.WorkFolder);
        Assert.Equal("/tmp", view.Environment["HOME"]);
        Assert.DoesNotContain(view.Environment.Keys, k => k.StartsWith("LABS_GRADER", StringComparison.Ordinal) || k == "SSH_AUTH_SOCK");

        var bwrap = Bubblewrap.Find([]);
        Assert.NotNull(bwrap);
        var args = bwrap.Arguments(view, 600, "/host/visible.ipynb");
        foreach (var flag in new[] { "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv", "--disable-userns" }) Assert.Contains(flag, args);
        int tmpfs = IndexOfPair(args, "--tmpfs", view.WorkFolder), helper = IndexOfPair(args, "--ro-bind", Path.GetDirectoryName(tree.HelperDll)!);
        Assert.True(tmpfs > 0 && helper > 0);
        Assert.Equal(args.Count - view.WorkerCommand.Count - 3, args.ToList().IndexOf("--chdir"));   // --chdir FOLDER -- COMMAND...
        Assert.DoesNotContain(args, a => a.Contains(tree.Submissions) || a.Contains(tree.Output));
        Assert.Equal(Path.Combine(view.WorkFolder, "squares.ipynb"), args[args.ToList().IndexOf("/host/visible.ipynb") + 1]);
    }

    private static int IndexOfPair(IReadOnlyList<string> args, string flag, string value)
    {
        for (int i = 0; i + 1 < args.Count; i++) if (args[i] == flag && args[i + 1] == value) return i;
        return -1;
    }

    [Fact]
    public void The_librarys_weights_are_shown_read_only_where_it_looks_for_them()
    {
        string cache = Path.Combine(tree.Root, "cache"), brought = Path.Combine(tree.Root, "brought");
        Directory.CreateDirectory(Path.Combine(cache, "pretrained"));
        Directory.CreateDirectory(brought);
        var before = new[] { "LABS_CACHE", "LABS_WEIGHTS" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        Environment.SetEnvironmentVariable("LABS_CACHE", cache);
        Environment.SetEnvironmentVariable("LABS_WEIGHTS", $"{brought}:{Path.Combine(tree.Root, "no-such-folder")}");
        try
        {
            var view = View(tree.KeyPath);
            Assert.Contains(new Bind(Path.Combine(cache, "pretrained"), "/tmp/.cache/labs/pretrained"), view.ReadOnly);
            Assert.DoesNotContain(view.ReadOnly, b => b.Destination == "/tmp/.cache/labs/weights");   // not on this machine
            Assert.Equal("/tmp", view.Environment["HOME"]);   // where the library's default cache folder then is
            Assert.DoesNotContain(view.ReadOnly, b => b.Source == cache);   // the rest of the cache stays the grader's
            Assert.Contains(new Bind(brought, brought), view.ReadOnly);
            Assert.Equal(brought, view.Environment["LABS_WEIGHTS"]);
        }
        finally { foreach (var (name, value) in before) Environment.SetEnvironmentVariable(name, value); }
    }

    [Fact]
    public void A_key_that_sits_in_a_folder_the_sandbox_must_show_is_refused()
    {
        // The key beside the DLL it loads: showing the DLL's folder would show the key.
        var key = Path.Combine(Path.GetDirectoryName(tree.HelperDll)!, "beside.ipynb");
        var nb = Lab.Key();
        nb.Cells.Insert(1, Cell.Code("#r \"Helper.dll\""));
        NotebookFile.Write(nb, key);
        var e = Assert.Throws<ArgumentException>(() => View(key));
        Assert.Contains("the sandbox would show", e.Message);
        Assert.Contains("beside.ipynb", e.Message);
    }

    [Fact]
    public async Task A_worker_that_cannot_start_in_the_sandbox_is_the_graders_error_with_its_message()
    {
        tree.Submit("alice", nb => Hostile.ClassTree.Answer(nb, "int Square(int x) => x * x;"));
        var request = new Course.Grading.Grade.GradeRequest(tree.KeyPath, [Path.Combine(tree.Submissions, "alice")], tree.Output,
            new Course.Grading.Grade.Limits(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 600), 1,
            new LabsCommand("dotnet", [Path.Combine(tree.Root, "no-such", "labs.dll")]));
        var grade = (await Course.Grading.Grade.Grader.RunAsync(request, TextWriter.Null)).Grades.Single();
        Assert.Equal("grader-error", grade.Status);
        Assert.Contains("the sandbox or its worker did not start", grade.Reason);
        Assert.Contains("labs.dll", grade.Reason);   // dotnet's own words, from the worker's standard error
    }

    [Fact]
    public void Without_bubblewrap_grading_refuses_and_says_what_to_install()
    {
        var e = Assert.Throws<SandboxUnavailableException>(() => Isolation.Detect(sandbox: true, bwrapPaths: ["/nonexistent/bwrap"]));
        Assert.Contains("bwrap is not installed", e.Message);
        Assert.Contains("apt-get install bubblewrap", e.Message);
        Assert.Contains("--no-sandbox", e.Message);
        Assert.Null(Isolation.Detect(sandbox: false, bwrapPaths: ["/nonexistent/bwrap"]).Sandbox);
    }
}
