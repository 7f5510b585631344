using System.Diagnostics;
using System.Globalization;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Grading.Nbgrader;
using Course.Grading.Sandbox;
using Course.Notebooks.Model;

namespace Course.Benchmarks;

/// <summary>
/// What the grading sandbox costs, against grading with no isolation at all (no bubblewrap, no cgroup: the worker run
/// as a plain child process). First the bare cost per submission: one-cell notebooks graded one at a time, each with
/// and without the sandbox in turn. Then a real class: N submissions
/// of lab 1 (reference solutions, untouched stubs and wrong answers in turn) graded with the quick profile, with and
/// without the sandbox, in turn (A B, then B A with --rounds 2), each grading timed whole (set-up, shadowing check and
/// pages included). Prints wall times, the ratio, seconds per submission and each submission's peak memory (with the
/// sandbox its cgroup's, all its processes; without, the worker process's VmHWM).
/// Options: --submissions N (default 40) --jobs N (default: cores) --rounds R (default 1) --notebook PATH --skip-class.
/// </summary>
public sealed class GradingBenchmark : IBenchmark
{
    public string Name => "grading";
    public string Description => "labs grade with and without its sandbox: cost per submission, a class of lab-1 submissions, peak memory";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int count = int.Parse(Arg("--submissions", "40"), CultureInfo.InvariantCulture);
        int jobs = int.Parse(Arg("--jobs", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        int rounds = int.Parse(Arg("--rounds", "1"), CultureInfo.InvariantCulture);
        string root = FindRoot();
        string key = Path.GetFullPath(Arg("--notebook", Path.Combine(root, "notebooks", "lab1-mnist-mlp.ipynb")));
        var labs = new LabsCommand("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll")]);
        string work = Path.Combine(Path.GetTempPath(), $"grading-bench-{Guid.NewGuid():N}");
        try
        {
            Setup(key, labs, summary);
            Bare(work, labs, summary);
            if (args.Contains("--skip-class")) return;
            Class(work, key, labs, count, jobs, rounds, summary);
        }
        finally { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); }
    }

    /// <summary>
    /// The sandbox alone: its cgroup made, entered and removed, and bwrap setting up lab 1's view (every read-only view,
    /// the tmpfs, /proc, /dev) around /bin/true, against /bin/true started directly; 20 pairs, medians.
    /// </summary>
    private static void Setup(string key, LabsCommand labs, BenchmarkSummary summary)
    {
        var isolation = Isolation.Detect(sandbox: true);
        var restorer = new Course.Notebooks.Packages.NuGetRestorer();
        var view = SandboxView.ForKey(key, KeyReferences.Of(key, NotebookFile.Read(key), restorer), restorer, labs, 4096, [key])
                   with { WorkerCommand = ["/bin/true"] };
        double Time(Func<ProcessStartInfo> start, Action? after = null)
        {
            var clock = Stopwatch.StartNew();
            using (var p = Process.Start(start())!) p.WaitForExit();
            after?.Invoke();
            return clock.Elapsed.TotalMilliseconds;
        }
        var sandboxed = new List<double>();
        var direct = new List<double>();
        for (int i = 0; i < 20; i++)
        {
            direct.Add(Time(() => new ProcessStartInfo("/bin/true")));
            CgroupLease? lease = null;
            sandboxed.Add(Time(() =>
            {
                lease = isolation.Cgroups!.Create($"bench-{i}", 4096L << 20, 1024);
                var psi = new ProcessStartInfo(isolation.Sandbox!.Path);
                foreach (var a in isolation.Sandbox.Arguments(view, 4096, null)) psi.ArgumentList.Add(a);
                return lease.Wrap(psi);
            }, () => lease!.Dispose()));
        }
        double cost = Median(sandboxed.Zip(direct, (a, b) => a - b));
        Console.WriteLine($"sandbox set-up and tear-down for lab 1's view ({view.ReadOnly.Count} read-only views), cgroup included: " +
                          $"{Median(sandboxed):F0} ms against {Median(direct):F0} ms for the bare command: {cost:F0} ms a submission");
        summary.Add("sandbox_setup_ms", cost, 0);
    }

    /// <summary>Ten one-cell notebooks, one at a time: the sandbox's own cost per submission (its start and its end).</summary>
    private static void Bare(string work, LabsCommand labs, BenchmarkSummary summary)
    {
        const int n = 10;
        string keyFolder = Path.Combine(work, "bare", "key");
        Directory.CreateDirectory(keyFolder);
        var keyNb = Notebook.NewCSharp();
        var test = Cell.Code("if (1 + 1 != 2) throw new Exception();");
        test.Metadata["nbgrader"] = new System.Text.Json.Nodes.JsonObject
        {
            ["grade"] = true, ["solution"] = false, ["locked"] = true, ["grade_id"] = "t", ["points"] = 1, ["schema_version"] = 3,
        };
        keyNb.Cells.Add(test);
        string key = Path.Combine(keyFolder, "bare.ipynb");
        NotebookFile.Write(keyNb, key);
        var submissions = Enumerable.Range(0, n).Select(i =>
        {
            string folder = Path.Combine(work, "bare", "submissions", $"s{i:D2}");
            Directory.CreateDirectory(folder);
            NotebookFile.Write(keyNb, Path.Combine(folder, "bare.ipynb"));
            return folder;
        }).ToList();
        // Pairs, A B then B A: each submission graded with and without the sandbox back to back, so drift cancels.
        double Graded(int i, bool sandbox)
        {
            var request = new GradeRequest(key, [submissions[i]], Path.Combine(work, "bare", $"out-{i}-{sandbox}"),
                new Limits(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), 1024), 1, labs, Sandbox: sandbox, Cgroup: sandbox);
            var grade = Grader.RunAsync(request, TextWriter.Null).GetAwaiter().GetResult().Grades.Single();
            if (grade.Score != 1) throw new InvalidOperationException($"a bare submission did not pass: {grade.Status} {grade.Reason}");
            return grade.Seconds;
        }
        var sandboxed = new List<double>();
        var bare = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (i % 2 == 0) { sandboxed.Add(Graded(i, true)); bare.Add(Graded(i, false)); }
            else { bare.Add(Graded(i, false)); sandboxed.Add(Graded(i, true)); }
        }
        double a = Median(sandboxed), b = Median(bare), cost = Median(sandboxed.Zip(bare, (x, y) => x - y));
        Console.WriteLine($"one-cell submission, start to end (median of {n}): sandbox {a:F2} s, without {b:F2} s; the sandbox adds {cost * 1000:F0} ms a submission (median of the pairs' differences)");
        summary.Add("bare_submission_s_sandbox", a, 2);
        summary.Add("bare_submission_s_no_sandbox", b, 2);
        summary.Add("sandbox_cost_per_submission_ms", cost * 1000, 0);
    }

    private static void Class(string work, string key, LabsCommand labs, int count, int jobs, int rounds, BenchmarkSummary summary)
    {
        var keyNb = NotebookFile.Read(key);
        var student = Assigner.StudentVersion(keyNb, key);
        var submissions = new List<string>();
        for (int s = 0; s < count; s++)
        {
            var nb = (s % 3) switch
            {
                0 => keyNb.Clone(),          // reference solutions
                1 => student.Clone(),        // untouched stubs
                _ => Wrong(student),         // answers that compile but are wrong
            };
            string folder = Path.Combine(work, "class", "submissions", $"student{s:D3}");
            Directory.CreateDirectory(folder);
            NotebookFile.Write(nb, Path.Combine(folder, Path.GetFileName(key)));
            submissions.Add(folder);
        }
        var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        var peaks = new Dictionary<bool, List<long>> { [true] = [], [false] = [] };
        var each = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (int round = 0; round < rounds; round++)
        {
            foreach (bool sandbox in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var request = new GradeRequest(key, submissions, Path.Combine(work, "class", $"out-{sandbox}-{round}"),
                    new Limits(TimeSpan.FromSeconds(300), TimeSpan.FromMinutes(20), 4096), jobs, labs, Profile: "quick", Sandbox: sandbox, Cgroup: sandbox);
                var clock = Stopwatch.StartNew();
                var book = Grader.RunAsync(request, TextWriter.Null).GetAwaiter().GetResult();
                double seconds = clock.Elapsed.TotalSeconds;
                times[sandbox].Add(seconds);
                peaks[sandbox].AddRange(book.Grades.Select(g => g.PeakMegabytes));
                each[sandbox].AddRange(book.Grades.Select(g => g.Seconds));
                Console.WriteLine($"{(sandbox ? "sandbox   " : "no sandbox")}: {count} submissions, {jobs} at a time: {seconds:F1} s; " +
                                  "statuses " + string.Join(", ", book.Grades.GroupBy(g => g.Status).Select(g => $"{g.Key} {g.Count()}")));
            }
        }
        double a = times[true].Sum(), b = times[false].Sum();
        long parentPeak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        Console.WriteLine($"class of {count}: sandbox {a / rounds:F1} s, without {b / rounds:F1} s: {100 * (a / b - 1):+0.0;-0.0} % " +
                          $"(median per submission {Median(each[true]):F1} s vs {Median(each[false]):F1} s); peak memory of one submission " +
                          $"median {Median(peaks[true].Select(p => (double)p)):F0} MB / max {peaks[true].Max()} MB with the sandbox, " +
                          $"{Median(peaks[false].Select(p => (double)p)):F0} / {peaks[false].Max()} MB without; the grader {parentPeak} MB");
        summary.Add("submissions", count, 0);
        summary.Add("class_wall_s_sandbox", a / rounds, 1);
        summary.Add("class_wall_s_no_sandbox", b / rounds, 1);
        summary.Add("class_slowdown_percent", 100 * (a / b - 1), 1);
        summary.Add("seconds_per_submission_sandbox", Median(each[true]), 2);
        summary.Add("seconds_per_submission_no_sandbox", Median(each[false]), 2);
        summary.Add("peak_submission_mb_sandbox", Median(peaks[true].Select(p => (double)p)), 0);
        summary.Add("peak_submission_mb_no_sandbox", Median(peaks[false].Select(p => (double)p)), 0);
        summary.Add("peak_grader_mb", parentPeak, 0);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Every solution stub replaced by code that compiles and returns a wrong value where it can.</summary>
    private static Notebook Wrong(Notebook student)
    {
        var nb = student.Clone();
        foreach (var cell in nb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutogradedAnswer))
            cell.Source = cell.Source.Replace("throw new NotImplementedException();", "return default!;");
        return nb;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }
}
