using System.Diagnostics;
using System.Globalization;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Grading.Nbgrader;
using Course.Grading.Sandbox;
using Course.Notebooks.Model;

namespace Course.Benchmarks;

/// <summary>
/// Grading a class: N submissions of lab 1 (reference solutions, untouched stubs, and wrong answers in turn) graded by
/// `labs grade`'s engine with the quick profile, each in its own process tree. Prints wall time, time per submission
/// and the peak resident memory of one submission's processes.
/// Options: --submissions N (default 40) --jobs N (default: cores) --notebook PATH.
/// </summary>
public sealed class GradingBenchmark : IBenchmark
{
    public string Name => "grading";
    public string Description => "labs grade on a class of lab-1 submissions: wall time and peak memory";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int count = int.Parse(Arg("--submissions", "40"), CultureInfo.InvariantCulture);
        int jobs = int.Parse(Arg("--jobs", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        string root = FindRoot();
        string key = Path.GetFullPath(Arg("--notebook", Path.Combine(root, "notebooks", "lab1-mnist-mlp.ipynb")));
        string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
        string work = Path.Combine(Path.GetTempPath(), $"grading-bench-{Guid.NewGuid():N}");
        try
        {
            var keyNb = NotebookFile.Read(key);
            var student = Assigner.StudentVersion(keyNb, key);
            for (int s = 0; s < count; s++)
            {
                var nb = (s % 3) switch
                {
                    0 => keyNb.Clone(),                              // reference solutions
                    1 => student.Clone(),                            // untouched stubs
                    _ => Wrong(student),                             // answers that compile but are wrong
                };
                string folder = Path.Combine(work, "submissions", $"student{s:D3}");
                Directory.CreateDirectory(folder);
                NotebookFile.Write(nb, Path.Combine(folder, Path.GetFileName(key)));
            }
            var request = new GradeRequest(key, Directory.GetDirectories(Path.Combine(work, "submissions")).Order().ToList(), Path.Combine(work, "out"),
                new Limits(TimeSpan.FromSeconds(300), TimeSpan.FromMinutes(20), 4096), jobs, new LabsCommand("dotnet", [labs]), Profile: "quick");
            var clock = Stopwatch.StartNew();
            var book = Grader.RunAsync(request, Console.Out).GetAwaiter().GetResult();
            double seconds = clock.Elapsed.TotalSeconds;
            long peak = book.Grades.Max(g => g.PeakMegabytes);
            long parentPeak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
            Console.WriteLine($"{count} submissions, {jobs} at a time: {seconds:F1} s ({seconds / count:F1} s each); peak memory of one submission {peak} MB, of the grader {parentPeak} MB");
            Console.WriteLine("statuses: " + string.Join(", ", book.Grades.GroupBy(g => g.Status).Select(g => $"{g.Key} {g.Count()}")));
            summary.Add("submissions", count, 0);
            summary.Add("wall_s", seconds, 1);
            summary.Add("seconds_per_submission", seconds / count, 2);
            summary.Add("peak_submission_mb", peak, 0);
            summary.Add("peak_grader_mb", parentPeak, 0);
        }
        finally { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); }
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
