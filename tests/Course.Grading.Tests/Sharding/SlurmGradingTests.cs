using Course.Grading.Deadlines;
using Course.Grading.Grade;
using Course.Grading.Sandbox;
using Course.Grading.Tests.Hostile;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sharding;

/// <summary>
/// The shipped SLURM launcher on a real single-node cluster: grade-course.sh submits a job array of 2 shards and the
/// dependent merge job for a class of 2 (one student in each shard: ana on time and right, dan late and wrong); the
/// merged gradebook equals a single-machine run's, byte for byte. About a minute and a half on a busy 2-core machine.
/// </summary>
public sealed class SlurmGradingTests
{
    [Fact]
    public async Task The_job_array_and_its_merge_job_grade_the_class_as_one_machine_does()
    {
        using var tree = new ClassTree();
        var due = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        NotebookFile.Write(CourseGradingTests.Key(threads: 1, squarePoints: 2), tree.KeyPath);
        foreach (var (student, body, late) in new[] { ("ana", "x * x", -2.0), ("dan", "x + x", 3.2) })
        {
            string folder = tree.Submit(student, nb => ClassTree.Answer(nb, $"int Square(int x) => {body};"));
            File.WriteAllText(Path.Combine(folder, SubmissionTime.TimestampFile), due.AddHours(late).ToString("yyyy-MM-dd HH:mm:ss") + " UTC");
        }
        string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
        string[] options = ["--due", "2026-12-01T12:00:00Z", "--late", "per-hour:1", "--timeout", "60", "--memory", "1024", "--threads", "1"];

        // One machine, both at once.
        string single = Path.Combine(tree.Root, "single");
        var limits = new Limits(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1200), 1024);
        var book = await Grader.RunAsync(new GradeRequest(tree.KeyPath, Directory.GetDirectories(tree.Submissions).Order().ToList(), single, limits, 2,
            new LabsCommand("dotnet", [labs]), Threads: 1, Due: due, Late: LatePolicy.Parse("per-hour:1")), TextWriter.Null);
        Assert.Equal(["ana", "dan"], book.Grades.Select(g => g.Student));
        Assert.Equal((5, 0, 2), (book.Find("ana")!.Score, book.Find("dan")!.Score, book.Find("dan")!.LatePenalty));

        using var cluster = new SlurmCluster();
        string output = Path.Combine(tree.Root, "cluster-out");
        var env = new Dictionary<string, string> { ["LABS"] = $"dotnet {labs}", ["CPUS_PER_SHARD"] = "1" };
        var (code, submitted) = cluster.Run(Path.Combine(LauncherTests.Launchers, "slurm", "grade-course.sh"),
            [tree.KeyPath, tree.Submissions, output, "2", "--", .. options], env);
        Assert.True(code == 0, submitted + cluster.Logs());
        var ids = System.Text.RegularExpressions.Regex.Match(submitted, @"array (\d+) \(2 shards\), merge (\d+)");
        Assert.True(ids.Success, submitted);
        cluster.WaitForJobs([ids.Groups[1].Value, ids.Groups[2].Value], TimeSpan.FromMinutes(4));

        string Log(string name) => File.Exists(Path.Combine(output, "logs", name)) ? File.ReadAllText(Path.Combine(output, "logs", name)) : "(no log)";
        string logs = $"\nshard 0:\n{Log("shard-0.log")}\nshard 1:\n{Log("shard-1.log")}\nmerge:\n{Log("merge.log")}\n{cluster.Logs()}";
        Assert.True(File.Exists(Path.Combine(output, "gradebook.csv")), logs);
        Assert.Equal(File.ReadAllText(book.CsvPath), File.ReadAllText(Path.Combine(output, "gradebook.csv")));
        Assert.Contains("merged 2 students from 2 shard output(s)", Log("merge.log"));
        // Each task graded its own shard, one progress line per student with the count.
        Assert.Contains("shard 0/2: 1 of 2 students", Log("shard-0.log"));
        Assert.True(Log("shard-1.log").Contains("[shard 1/2 1/1, done] dan: 0/8 completed"), Log("shard-1.log"));
        Assert.Equal(["0/2", "1/2"], new Gradebook(output, "squares", []).Grades.Select(g => g.Shard));
    }
}
