using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Labs.NotebookTests;

/// <summary>
/// Every lab in notebooks/ runs headlessly with the quick profile, records its key numbers as scraps, and its
/// autograded exercises give full marks to the reference solutions and nothing to the stubs students start from.
/// The labs load the Release build of Course.Labs (environment/test.sh builds it).
/// </summary>
public sealed class LabNotebookTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }

    private static readonly string Root = RepoRoot();
    private static readonly string Labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");

    /// <summary>
    /// The lab notebooks; with the environment variable <c>LABS_NOTEBOOK</c> set, only those whose file name contains
    /// it (for working on one lab: <c>LABS_NOTEBOOK=lab2 dotnet test tests/Course.Labs.NotebookTests</c>).
    /// </summary>
    public static IEnumerable<object[]> Notebooks()
    {
        string? only = Environment.GetEnvironmentVariable("LABS_NOTEBOOK");
        return Directory.GetFiles(Path.Combine(RepoRoot(), "notebooks"), "*.ipynb")
            .Select(Path.GetFileName).OfType<string>()
            .Where(name => string.IsNullOrEmpty(only) || name.Contains(only, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Select(name => new object[] { name });
    }

    private static void RequireLibraryBuild()
    {
        string dll = Path.Combine(Root, "lib", "Course.Labs", "bin", "Release", "net10.0", "Course.Labs.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the labs load the Release build; run environment/test.sh (or dotnet build -c Release lib/Course.Labs).");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Runs_with_the_quick_profile_and_records_its_numbers(string notebook)
    {
        RequireLibraryBuild();
        string output = Path.Combine(Path.GetTempPath(), $"lab-run-{Guid.NewGuid():N}");
        try
        {
            var psi = new ProcessStartInfo("dotnet", [Labs, "run", Path.Combine(Root, "notebooks", notebook), "--profile", "quick", "-o", output, "--timeout", "300"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(10)), "labs run did not finish in 10 minutes");
            Assert.True(p.ExitCode == 0, $"labs run exited {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");

            var executed = NotebookFile.Read(Path.Combine(output, notebook));
            Assert.All(executed.Cells.Where(c => c.IsCode), c => Assert.NotNull(c.ExecutionCount));
            var scraps = executed.Cells.SelectMany(c => c.Outputs)
                .Select(o => (o["data"] as JsonObject)?["application/scrapbook.scrap.json+json"] as JsonObject)
                .Where(s => s is not null).ToList();
            Assert.NotEmpty(scraps);
            Assert.True(File.Exists(Path.Combine(output, Path.ChangeExtension(notebook, ".html"))));
        }
        finally { if (Directory.Exists(output)) Directory.Delete(output, recursive: true); }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Has_the_grading_cells_a_lab_needs(string notebook)
    {
        var nb = NotebookFile.Read(Path.Combine(Root, "notebooks", notebook));
        Assert.Empty(GradingCell.Validate(nb, notebook));
        Assert.True(nb.Cells.Count(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer) >= 2, "at least two autograded exercises");
        Assert.True(nb.Cells.Count(c => GradingCell.Kind(c) == GradingKind.ManualAnswer) >= 1, "the seed's questions as written answers");
        var tests = nb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutograderTest).ToList();
        Assert.True(tests.Count >= 2);
        Assert.All(tests, t => Assert.Contains("BEGIN HIDDEN TESTS", t.Source));
        Assert.Single(nb.Cells, c => c.HasTag("parameters"));
        foreach (var profile in new[] { "quick", "default", "full" })
            Assert.NotNull(nb.Metadata["labs"]?["profiles"]?[profile]);
        Assert.All(nb.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs));   // committed without outputs
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Reference_solutions_get_full_marks_and_stubs_get_none(string notebook)
    {
        RequireLibraryBuild();
        string work = Path.Combine(Path.GetTempPath(), $"lab-grade-{Guid.NewGuid():N}");
        try
        {
            string key = Path.Combine(Root, "notebooks", notebook);
            var keyNb = NotebookFile.Read(key);
            Directory.CreateDirectory(Path.Combine(work, "solution"));
            NotebookFile.Write(keyNb, Path.Combine(work, "solution", notebook));
            Directory.CreateDirectory(Path.Combine(work, "stub"));
            NotebookFile.Write(Assigner.StudentVersion(keyNb, key), Path.Combine(work, "stub", notebook));

            var request = new GradeRequest(key, [Path.Combine(work, "solution"), Path.Combine(work, "stub")], Path.Combine(work, "out"),
                new Limits(TimeSpan.FromSeconds(300), TimeSpan.FromMinutes(15), 0), Jobs: 2, new LabsCommand("dotnet", [Labs]), Profile: "quick");
            var book = Grader.RunAsync(request, TextWriter.Null).GetAwaiter().GetResult();
            var tests = keyNb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutograderTest).ToList();
            double autograded = tests.Sum(GradingCell.Points);

            var solution = book.Grades.Single(g => g.Student == "solution");
            var stub = book.Grades.Single(g => g.Student == "stub");
            string Explain(StudentGrade g) => $"{g.Student}: {g.Status} {g.Reason}; " + string.Join(" | ", g.Outcomes.Select(o => $"{o.Key}: {o.Value}"));
            Assert.True(tests.All(t => solution.Cells[GradingCell.GradeId(t)!] == GradingCell.Points(t)), Explain(solution));
            Assert.Equal(autograded, solution.Score);   // written answers wait for the instructor
            Assert.True(tests.All(t => stub.Cells[GradingCell.GradeId(t)!] == 0), Explain(stub));
        }
        finally { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); }
    }
}
