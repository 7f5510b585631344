using Course.Grading.Deadlines;
using Course.Grading.Grade;
using Course.Grading.Sandbox;
using Course.Grading.Tests.Hostile;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sharding;

/// <summary>
/// The shipped SLURM launcher on a real single-node cluster: grade-course.sh submits a job array of 4 shards and the
/// dependent merge job for a class of 40 (right and wrong answers, on time and late, spread over the shards by the
/// students' ids); the merged gradebook equals a single-machine run's, byte for byte. Each array task logs one
/// progress line per student of its own shard. A few minutes on a 2-core machine (80 sandboxed runs).
/// </summary>
public sealed class SlurmGradingTests
{
    private const int Students = 40, Shards = 4;

    [Fact]
    public async Task The_job_array_of_4_shards_and_its_merge_job_grade_40_students_as_one_machine_does()
    {
        using var tree = new ClassTree();
        var due = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        NotebookFile.Write(CourseGradingTests.Key(threads: 1, squarePoints: 2), tree.KeyPath);
        for (int i = 0; i < Students; i++)
        {
            // Every third student wrong (x + x: 2 of 5 points), every fourth 3.2 h late (1 point a started hour: 4, at most the score).
            bool right = i % 3 != 0, late = i % 4 == 0;
            string student = $"s{i:D2}";
            string folder = tree.Submit(student, nb => ClassTree.Answer(nb, $"int Square(int x) => {(right ? "x * x" : "x + x")};"));
            File.WriteAllText(Path.Combine(folder, SubmissionTime.TimestampFile), due.AddHours(late ? 3.2 : -2.0).ToString("yyyy-MM-dd HH:mm:ss") + " UTC");
        }
        string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
        string[] options = ["--due", "2026-12-01T12:00:00Z", "--late", "per-hour:1", "--timeout", "120", "--memory", "1024", "--threads", "1"];

        // One machine, two at a time.
        string single = Path.Combine(tree.Root, "single");
        var limits = new Limits(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1200), 1024);
        var book = await Grader.RunAsync(new GradeRequest(tree.KeyPath, Directory.GetDirectories(tree.Submissions).Order().ToList(), single, limits, 2,
            new LabsCommand("dotnet", [labs]), Threads: 1, Due: due, Late: LatePolicy.Parse("per-hour:1")), TextWriter.Null);
        Assert.Equal(Students, book.Grades.Count);
        Assert.All(book.Grades, g =>
        {
            int i = int.Parse(g.Student[1..]);
            Assert.True(g.Score == (i % 3 != 0 ? (i % 4 == 0 ? 1 : 5) : (i % 4 == 0 ? 0 : 2)), $"{g.Student}: {g.Score} ({g.Status}, {g.Reason}, late penalty {g.LatePenalty})");
        });

        using var cluster = new SlurmCluster();
        string output = Path.Combine(tree.Root, "cluster-out");
        var env = new Dictionary<string, string> { ["LABS"] = $"dotnet {labs}", ["CPUS_PER_SHARD"] = "1" };
        var (code, submitted) = cluster.Run(Path.Combine(LauncherTests.Launchers, "slurm", "grade-course.sh"),
            [tree.KeyPath, tree.Submissions, output, Shards.ToString(), "--", .. options], env);
        Assert.True(code == 0, submitted + cluster.Logs());
        var ids = System.Text.RegularExpressions.Regex.Match(submitted, $@"array (\d+) \({Shards} shards\), merge (\d+)");
        Assert.True(ids.Success, submitted);
        cluster.WaitForJobs([ids.Groups[1].Value, ids.Groups[2].Value], TimeSpan.FromMinutes(20));

        string Log(string name) => File.Exists(Path.Combine(output, "logs", name)) ? File.ReadAllText(Path.Combine(output, "logs", name)) : "(no log)";
        string logs = string.Concat(Enumerable.Range(0, Shards).Select(k => $"\nshard {k}:\n{Log($"shard-{k}.log")}")) + $"\nmerge:\n{Log("merge.log")}\n{cluster.Logs()}";
        Assert.True(File.Exists(Path.Combine(output, "gradebook.csv")), logs);
        Assert.Equal(File.ReadAllText(book.CsvPath), File.ReadAllText(Path.Combine(output, "gradebook.csv")));
        Assert.Contains($"merged {Students} students from {Shards} shard output(s)", Log("merge.log"));

        // Every shard had students; each task graded its own and logged one progress line per student, with the count.
        var merged = new Gradebook(output, "squares", []).Grades;
        var byShard = merged.GroupBy(g => g.Shard).ToDictionary(group => group.Key, group => group.Select(g => g.Student).ToList());
        Assert.Equal(Enumerable.Range(0, Shards).Select(k => $"{k}/{Shards}"), byShard.Keys.Order());
        for (int k = 0; k < Shards; k++)
        {
            var mine = byShard[$"{k}/{Shards}"];
            string log = Log($"shard-{k}.log");
            Assert.True(log.Contains($"shard {k}/{Shards}: {mine.Count} of {Students} students"), log);
            Assert.True(log.Contains($"[shard {k}/{Shards} {mine.Count}/{mine.Count}, done]"), log);
            Assert.All(mine, student => Assert.True(log.Contains($"] {student}: "), $"shard {k} did not log {student}:\n{log}"));
        }
    }
}
