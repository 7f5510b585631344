using System.Diagnostics;
using Course.Grading.Grade;
using Course.Grading.Merge;
using Course.Grading.Regrade;
using Course.Grading.Sandbox;
using Course.Grading.Shards;
using Course.Notebooks.Model;

namespace Course.Benchmarks;

/// <summary>
/// The course figures of benchmark <c>grading</c> (<c>--course</c>): N one-cell submissions graded with --jobs 1, with
/// --jobs 2, and as 2 shards (--jobs 1 each) run one after another then merged, in submissions per hour; and the cost
/// of merging 1,000 students (4 shard outputs of 250, each with its gradebook, feedback pages and work folders), first
/// and again (an idempotent merge that writes nothing).
/// </summary>
public static class GradingCourseFigures
{
    public static void Run(string work, Notebook oneCellKey, LabsCommand labs, int count, BenchmarkSummary summary)
    {
        string root = Path.Combine(work, "course");
        string key = Path.Combine(root, "key", "bare.ipynb");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        NotebookFile.Write(oneCellKey, key);
        var submissions = Enumerable.Range(0, count).Select(i =>
        {
            string folder = Path.Combine(root, "submissions", $"s{i:D3}");
            Directory.CreateDirectory(folder);
            NotebookFile.Write(oneCellKey, Path.Combine(folder, "bare.ipynb"));
            return folder;
        }).ToList();
        var limits = new Limits(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), 1024);
        double Timed(Action run) { var clock = Stopwatch.StartNew(); run(); return clock.Elapsed.TotalSeconds; }
        void Grade(string output, int jobs, Shard? shard = null)
        {
            var book = Grader.RunAsync(new GradeRequest(key, submissions, output, limits, jobs, labs, Shard: shard), TextWriter.Null).GetAwaiter().GetResult();
            if (book.Grades.Any(g => g.Score != 1)) throw new InvalidOperationException("a one-cell submission did not pass");
        }
        double one = Timed(() => Grade(Path.Combine(root, "jobs1"), 1));
        double two = Timed(() => Grade(Path.Combine(root, "jobs2"), 2));
        string sharded = Path.Combine(root, "sharded");
        double shards = Timed(() =>
        {
            for (int k = 0; k < 2; k++) Grade(sharded, 1, new Shard(k, 2));
            ShardMerge.Run(sharded, [], TextWriter.Null);
        });
        double PerHour(double seconds) => count * 3600 / seconds;
        Console.WriteLine($"{count} one-cell submissions: --jobs 1 {one:F1} s ({PerHour(one):F0}/h), --jobs 2 {two:F1} s ({PerHour(two):F0}/h), " +
                          $"2 shards one after another (--jobs 1 each) and the merge {shards:F1} s ({PerHour(shards):F0}/h)");
        summary.Add("course_submissions", count, 0);
        summary.Add("per_hour_jobs1", PerHour(one), 0);
        summary.Add("per_hour_jobs2", PerHour(two), 0);
        summary.Add("per_hour_2_shards_sequential", PerHour(shards), 0);

        var (first, again) = MergeThousand(Path.Combine(root, "merge"), oneCellKey);
        Console.WriteLine($"merging 1,000 students from 4 shard outputs: {first:F2} s; again (nothing to change) {again:F2} s");
        summary.Add("merge_1000_s", first, 2);
        summary.Add("remerge_1000_s", again, 2);
    }

    private static (double First, double Again) MergeThousand(string root, Notebook key)
    {
        string keyPath = Path.Combine(root, "bare.ipynb");
        Directory.CreateDirectory(root);
        NotebookFile.Write(key, keyPath);
        var fingerprint = new GradingFingerprint(GradingFingerprint.OfKeyFile(keyPath), "build", "profile");
        string output = Path.Combine(root, "out");
        for (int k = 0; k < 4; k++)
        {
            var shard = new Shard(k, 4);
            string folder = shard.OutputUnder(output);
            GradingManifest.Write(folder, keyPath, new GradingManifest("bare", fingerprint.Key, fingerprint.Build, fingerprint.Profile, shard.ToString(), ["t"], 1));
            var students = Enumerable.Range(0, 1000).Select(i => $"student{i:D4}").Where(shard.Contains).ToList();
            Directory.CreateDirectory(Path.Combine(folder, "feedback"));
            foreach (var s in students)
            {
                File.WriteAllText(Path.Combine(folder, "feedback", s + ".html"), $"<html><body>{s}: 1 / 1 {new string('x', 4000)}</body></html>");
                Directory.CreateDirectory(Path.Combine(folder, "work", s));
                NotebookFile.Write(key, Path.Combine(folder, "work", s, "submission.ipynb"));
            }
            new Gradebook(folder, "bare", ["t"]).RecordAll(students.Select(s => new StudentGrade { Student = s, Status = "completed", MaxScore = 1 }
                .WithCells(new() { ["t"] = 1 }).WithFingerprint(fingerprint) with { Shard = shard.ToString() }).ToList());
        }
        var clock = Stopwatch.StartNew();
        var result = ShardMerge.Run(output, [], TextWriter.Null);
        double first = clock.Elapsed.TotalSeconds;
        if (result.Book.Grades.Count != 1000) throw new InvalidOperationException($"merged {result.Book.Grades.Count} students, not 1000");
        clock.Restart();
        ShardMerge.Run(output, [], TextWriter.Null);
        return (first, clock.Elapsed.TotalSeconds);
    }
}
