using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Labs.NotebookTests;

/// <summary>
/// The student's journey, end to end: <c>labs release notebooks</c>, the release copied to a temporary folder outside
/// the repository (no Course.sln above it), its one set-up command run there with a fresh HOME, then every lab's
/// student notebook run with <c>labs run --continue-on-error --profile quick</c> by the <c>labs</c> tool the set-up
/// installed: cells before the first exercise run cleanly (library, data, charts) and the only errors are the stubs'
/// NotImplementedException; and the same notebooks with the key's solutions pasted in pass. Both sets run in one
/// <c>labs run</c> call.
///
/// The fresh HOME starts with a NuGet cache that holds the machine's restored packages (hard links, so the test does
/// not download TorchSharp's 490 MB libtorch again) but not Course.Labs, which must come from the release's own feed;
/// npm reads the machine's npm cache. Everything else (tool install, kernel, restore, native fix, data) is the set-up's.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed class StudentReleaseTests : IDisposable
{
    private static readonly string Root = LabNotebookTests.RepoRoot();
    private readonly string work = Path.Combine(Path.GetTempPath(), $"student-release-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    /// <summary>Runs a program to completion; returns its exit code and its output and errors together.</summary>
    private static (int Code, string Output) Execute(string file, IEnumerable<string> args, string? folder = null, IDictionary<string, string>? environment = null,
                                                     bool clearEnvironment = false, int timeoutMinutes = 10)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder ?? Environment.CurrentDirectory,
        };
        if (clearEnvironment) psi.Environment.Clear();
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(timeoutMinutes)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in {timeoutMinutes} min:\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A student's machine: the fresh HOME's NuGet cache holds hard links to the machine's packages, except Course.Labs.</summary>
    private Dictionary<string, string> StudentEnvironment(string home)
    {
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                                 ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string packages = Path.Combine(home, ".nuget", "packages");
        Directory.CreateDirectory(packages);
        var seeded = Directory.GetDirectories(machinePackages).Where(d => !Path.GetFileName(d).StartsWith("course.labs", StringComparison.Ordinal)).ToList();
        var (code, output) = Execute("cp", ["-al", .. seeded, packages]);
        Assert.True(code == 0, "could not link the machine's NuGet packages: " + output);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["PATH"] = $"{Path.GetDirectoryName(DotNetHost.Path)}:/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            ["TMPDIR"] = Path.GetTempPath(),
        };
        string npmCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".npm");
        if (Directory.Exists(npmCache)) environment["npm_config_cache"] = npmCache;
        return environment;
    }

    [Fact]
    public void A_release_set_up_outside_the_repository_runs_every_lab_stubs_failing_only_where_unsolved_and_solutions_passing()
    {
        var clock = Stopwatch.StartNew();
        string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
        string built = Path.Combine(work, "built");
        var release = Execute("dotnet", [labs, "release", Path.Combine(Root, "notebooks"), "-o", built, "--no-build"], folder: Root);
        Assert.True(release.Code == 0, release.Output);

        // Copied where a student would unpack it: no Course.sln anywhere above.
        string course = Path.Combine(work, "student", "course");
        Directory.CreateDirectory(Path.Combine(work, "student"));
        var copy = Execute("cp", ["-r", built, course]);
        Assert.True(copy.Code == 0, copy.Output);
        for (var dir = new DirectoryInfo(course); dir is not null; dir = dir.Parent)
            Assert.False(File.Exists(Path.Combine(dir.FullName, "Course.sln")), $"{dir.FullName} holds Course.sln");
        Assert.Empty(Directory.GetFiles(course, "*.so", SearchOption.AllDirectories));   // libtorch is restored, not carried
        string home = Path.Combine(work, "student", "home");
        var environment = StudentEnvironment(home);

        var setup = Execute("bash", [Path.Combine(course, "setup.sh")], folder: Path.Combine(work, "student"), environment, clearEnvironment: true);
        var setupTime = clock.Elapsed;
        Assert.True(setup.Code == 0, setup.Output);
        Assert.Contains("Ready. Open the first lab, lab1-mnist-mlp.ipynb", setup.Output);
        Assert.True(File.Exists(Path.Combine(home, ".local", "share", "jupyter", "kernels", "labs-csharp", "kernel.json")), setup.Output);
        Assert.True(Directory.Exists(Path.Combine(home, ".nuget", "packages", "course.labs")), "Course.Labs was not restored from the release's feed");
        string data = Path.Combine(home, ".cache", "labs", "data");
        Assert.True(Directory.Exists(Path.Combine(data, "fashion-mnist")) && (Directory.Exists(Path.Combine(data, "mnist-digits")) || Directory.Exists(Path.Combine(data, "mnist"))),
                    "the set-up did not fetch the data sets into the per-user cache:\n" + setup.Output);
        // On this Debian 12 machine TorchSharp needs the native fix: it lives in the release folder, found from its notebooks.
        Assert.True(File.Exists(Path.Combine(course, "environment", ".native", "native-fixes.json")), setup.Output);

        // The key's solutions pasted into the student notebooks, in a folder beside notebooks/ (same feed path).
        var students = Directory.GetFiles(Path.Combine(course, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Length, students.Count);
        Directory.CreateDirectory(Path.Combine(course, "solved"));
        foreach (var student in students)
        {
            var key = NotebookFile.Read(Path.Combine(Root, "notebooks", Path.GetFileName(student)));
            var nb = NotebookFile.Read(student);
            var solutions = key.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer).ToDictionary(c => GradingCell.GradeId(c)!, c => c.Source);
            foreach (var cell in nb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer)) cell.Source = solutions[GradingCell.GradeId(cell)!];
            NotebookFile.Write(nb, Path.Combine(course, "solved", "solved-" + Path.GetFileName(student)));
        }

        string tool = Path.Combine(home, ".dotnet", "tools", "labs");
        string output = Path.Combine(work, "student", "runs");
        var run = Execute(tool, ["run", Path.Combine(course, "notebooks"), Path.Combine(course, "solved"), "--continue-on-error", "--profile", "quick", "-o", output],
                          folder: Path.Combine(work, "student"), environment, clearEnvironment: true, timeoutMinutes: 40);
        Assert.True(run.Code == 1, $"the stubs fail, so labs run exits 1; it exited {run.Code}:\n{run.Output}");

        var problems = new List<string>();
        foreach (var student in students)
        {
            string name = Path.GetFileNameWithoutExtension(student);
            var stub = NotebookFile.Read(Path.Combine(output, name + ".ipynb"));
            int firstExercise = stub.Cells.FindIndex(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer);
            foreach (var (cell, index) in stub.Cells.Select((c, i) => (c, i)).Where(x => x.c.IsCode))
            foreach (var error in cell.Outputs.Where(o => (string?)o["output_type"] == "error"))
            {
                if (index < firstExercise) problems.Add($"{name} cell {index + 1}, before the first exercise: {error["ename"]}: {error["evalue"]}");
                else if ((string?)error["ename"] != nameof(NotImplementedException)) problems.Add($"{name} cell {index + 1}: {error["ename"]}: {error["evalue"]}");
            }
            if (!stub.Cells.SelectMany(c => c.Outputs).Any(o => (string?)o["ename"] == nameof(NotImplementedException)))
                problems.Add($"{name}: no stub ever raised NotImplementedException");
            Assert.True(stub.Cells.Take(firstExercise).Where(c => c.IsCode).All(c => c.ExecutionCount is not null), $"{name}: a cell before the first exercise did not run");

            var solved = NotebookFile.Read(Path.Combine(output, "solved-" + name + ".ipynb"));
            foreach (var (cell, index) in solved.Cells.Select((c, i) => (c, i)).Where(x => x.c.IsCode))
            foreach (var error in cell.Outputs.Where(o => (string?)o["output_type"] == "error"))
                problems.Add($"solved {name} cell {index + 1}: {error["ename"]}: {error["evalue"]}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + run.Output[^Math.Min(run.Output.Length, 4000)..]);
        Console.WriteLine($"student release: set-up done at {setupTime.TotalSeconds:F0} s, both runs at {clock.Elapsed.TotalSeconds:F0} s");
    }
}
