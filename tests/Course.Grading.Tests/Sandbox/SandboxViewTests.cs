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
    public void Without_bubblewrap_grading_refuses_and_says_what_to_install()
    {
        var e = Assert.Throws<SandboxUnavailableException>(() => Isolation.Detect(sandbox: true, bwrapPaths: ["/nonexistent/bwrap"]));
        Assert.Contains("bwrap is not installed", e.Message);
        Assert.Contains("apt-get install bubblewrap", e.Message);
        Assert.Contains("--no-sandbox", e.Message);
        Assert.Null(Isolation.Detect(sandbox: false, bwrapPaths: ["/nonexistent/bwrap"]).Sandbox);
    }
}
