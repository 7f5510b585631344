using System.Diagnostics;
using Course.Grading.Deadlines;
using Course.Grading.Grade;
using Course.Grading.Merge;
using Course.Grading.Sandbox;
using Course.Grading.Shards;
using Course.Grading.Tests.Hostile;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sharding;

/// <summary>
/// A small class graded for real (the labs program, each submission in its sandbox), the way a course is graded: on one
/// machine; as two shards and a merge; again after the key changed (everyone regraded, marks kept, a new student added);
/// and once more with --regrade naming one student. 14 submissions graded in all.
/// </summary>
public sealed class CourseGradingTests : IClassFixture<CourseGradingTests.GradedCourse>
{
    public static readonly DateTimeOffset Due = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    public const int Jobs = 2;

    /// <summary>The runs, in order, done once for the tests of this class.</summary>
    public sealed class GradedCourse : IDisposable
    {
        public ClassTree Tree { get; } = new();
        public int Threads { get; } = ThreadShare.PerSubmission(Environment.ProcessorCount, Jobs);
        public string Single => Path.Combine(Tree.Root, "single");
        public string Sharded => Path.Combine(Tree.Root, "sharded");
        public Gradebook SingleBook { get; }
        /// <summary>The single run's gradebook.csv as it was before the regrades rewrote it.</summary>
        public string SingleCsv { get; }
        public List<StudentGrade> SingleGrades { get; }
        public List<StudentGrade> BeforeRegrade { get; }
        public Gradebook Regraded { get; }
        public string RegradeProgress { get; }
        public Gradebook Named { get; }
        public string NamedProgress { get; }
        public string ShardProgress { get; }
        public TimeSpan SingleTime { get; }
        public TimeSpan ShardTime { get; }

        public GradedCourse()
        {
            var t = Tree;
            NotebookFile.Write(Key(Threads, squarePoints: 2), t.KeyPath);
            Submit("ana", "return x * x;", null);
            Submit("ben", "return x + x;", null);
            Submit("cat", "return x * x;", "The signs cancel.");
            Submit("dan", "return x * x;", null, late: TimeSpan.FromMinutes(90));

            var clock = Stopwatch.StartNew();
            SingleBook = Grade(Single, Subs("ana", "ben", "cat", "dan"), new StringWriter());
            SingleTime = clock.Elapsed;
            SingleCsv = File.ReadAllText(SingleBook.CsvPath);
            SingleGrades = SingleBook.Grades.ToList();

            clock.Restart();
            var progress = new StringWriter();
            for (int k = 0; k < 2; k++) Grade(Sharded, Subs("ana", "ben", "cat", "dan"), progress, new Shard(k, 2));
            ShardMerge.Run(Sharded, [], progress);
            ShardTime = clock.Elapsed;
            ShardProgress = progress.ToString();

            // The instructor marks cat's written answer, a late student arrives, and the key's test is worth 3 points now.
            BeforeRegrade = SingleGrades;
            string sheet = Path.Combine(Single, "manual-marks.csv");
            File.WriteAllText(sheet, File.ReadAllText(sheet).Replace("cat,why_sign,,3", "cat,why_sign,2.5,3"));
            new Gradebook(Single, "squares", []).MergeManual(sheet);
            Submit("eve", "return x * x;", "Minus times minus is plus.");
            NotebookFile.Write(Key(Threads, squarePoints: 3), t.KeyPath);
            var regrade = new StringWriter();
            Regraded = Grade(Single, Subs("ana", "ben", "cat", "dan", "eve"), regrade);
            RegradeProgress = regrade.ToString();

            // The key changes again, but only ben is named.
            NotebookFile.Write(Key(Threads, squarePoints: 4), t.KeyPath);
            var named = new StringWriter();
            Named = Grade(Single, Subs("ana", "ben", "cat", "dan", "eve"), named, regrade: ["ben"]);
            NamedProgress = named.ToString();
        }

        private List<string> Subs(params string[] students) => students.Select(s => Path.Combine(Tree.Submissions, s)).ToList();

        private void Submit(string student, string body, string? written, TimeSpan? late = null)
        {
            string folder = Tree.Submit(student, nb =>
            {
                ClassTree.Answer(nb, $"int Square(int x)\n{{\n    {body}\n}}");
                if (written is not null) Lab.ById(nb, "why_sign").Source = written;
            });
            File.WriteAllText(Path.Combine(folder, SubmissionTime.TimestampFile), (Due + (late ?? TimeSpan.FromHours(-2))).ToString("yyyy-MM-dd HH:mm:ss.ffffff") + " UTC");
        }

        private Gradebook Grade(string output, List<string> submissions, TextWriter progress, Shard? shard = null, IReadOnlyList<string>? regrade = null)
        {
            var limits = new Limits(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(180), MemoryMegabytes: 1024);
            var request = new GradeRequest(Tree.KeyPath, submissions, output, limits, Jobs,
                new LabsCommand("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll")]),
                Shard: shard, Regrade: regrade, Due: Due, Late: LatePolicy.Parse("per-hour:1"));
            return Grader.RunAsync(request, TextWriter.Synchronized(progress)).GetAwaiter().GetResult();
        }

        public void Dispose() => Tree.Dispose();
    }

    /// <summary>The hostile class's key with a test (1 point) that the submission got its share of threads in every variable.</summary>
    public static Notebook Key(int threads, int squarePoints)
    {
        var key = ClassTree.Key();
        ((System.Text.Json.Nodes.JsonObject)Lab.ById(key, "square_test").Metadata["nbgrader"]!)["points"] = squarePoints;
        var check = Cell.Code($$"""
            foreach (var v in new[] { "LABS_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS" })
                if (Environment.GetEnvironmentVariable(v) != "{{threads}}") throw new Exception($"{v} = {Environment.GetEnvironmentVariable(v)}");
            """);
        key.Cells.Insert(key.Cells.IndexOf(Lab.ById(key, "square_partial")) + 1, Lab.Graded(check, "threads", grade: true, solution: false, points: 1, locked: true));
        key.NormalizeIds();
        return key;
    }

    private readonly GradedCourse c;

    public CourseGradingTests(GradedCourse course) => c = course;

    [Fact]
    public void Each_submission_runs_with_the_cores_divided_by_the_jobs_in_every_thread_variable_and_the_gradebook_shows_it()
    {
        Assert.All(c.SingleGrades, g => Assert.True(g.Cells["threads"] == 1 && g.Threads == c.Threads, $"{g.Student}: {g.Outcomes.GetValueOrDefault("threads")}"));
        var csv = c.SingleCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int column = csv[0].Split(',').ToList().IndexOf("threads");
        Assert.All(csv.Skip(1), line => Assert.Equal(c.Threads.ToString(), line.Split(',')[column]));
    }

    [Fact]
    public void Two_shards_and_a_merge_give_the_single_machines_gradebook_byte_for_byte()
    {
        Assert.Equal(["ana", "ben", "cat", "dan"], c.SingleGrades.Select(g => g.Student));
        Assert.Equal(c.SingleCsv, File.ReadAllText(Path.Combine(c.Sharded, "gradebook.csv")));
        var sharded = new Gradebook(c.Sharded, "squares", []).Grades;
        Assert.Equal(["0/2", "0/2", "1/2", "1/2"], sharded.Select(g => g.Shard));
        Assert.Contains("[shard 0/2 2/2, done]", c.ShardProgress);
        Assert.Contains("[shard 1/2 1/2, about", c.ShardProgress);
        foreach (var s in new[] { "ana", "ben", "cat", "dan" })
            Assert.True(File.Exists(Path.Combine(c.Sharded, "feedback", s + ".html")), s);
        Assert.Contains("cat,why_sign,,3", File.ReadAllLines(Path.Combine(c.Sharded, "manual-marks.csv")));
        Assert.Contains("The signs cancel.", File.ReadAllText(Path.Combine(c.Sharded, "written-answers.html")));
        // Measured, for the report (not asserted: the machine is shared).
        Console.WriteLine($"4 submissions, jobs {Jobs}: one run {c.SingleTime.TotalSeconds:0.0} s; two shards one after another and the merge {c.ShardTime.TotalSeconds:0.0} s");
    }

    [Fact]
    public void Late_submissions_lose_a_point_per_started_hour()
    {
        var dan = c.SingleGrades.Single(g => g.Student == "dan");
        Assert.Equal((5400, 2), (dan.SecondsLate, dan.LatePenalty));
        Assert.Equal(dan.RawScore - 2, dan.Score);
        Assert.Equal(0, c.SingleGrades.Single(g => g.Student == "ana").LatePenalty);
        Assert.Contains(",2026-12-01 12:00:00.000000,2026-12-01 13:30:00.000000,dan,", c.SingleCsv);
        string page = File.ReadAllText(Path.Combine(c.Sharded, "feedback", "dan.html"));
        Assert.Contains($"Score <b>{dan.Score:0.##} / 8</b>", page);
        Assert.Contains($"2 of {dan.RawScore:0.##} points taken (per-hour:1)", page);
    }

    [Fact]
    public void A_changed_key_regrades_everyone_keeps_the_old_grades_in_the_history_and_every_mark()
    {
        var before = c.BeforeRegrade.ToDictionary(g => g.Student);
        var after = c.Regraded.Grades.ToDictionary(g => g.Student);
        Assert.Equal(["ana", "ben", "cat", "dan", "eve"], after.Keys.Order());
        foreach (var s in new[] { "ana", "ben", "cat", "dan" })
        {
            Assert.NotEqual(before[s].KeyHash, after[s].KeyHash);
            Assert.Contains($"{s}: ", c.RegradeProgress);
            Assert.Contains("[regraded: key changed]", c.RegradeProgress.Split('\n').Single(l => l.Contains($" {s}: ")));
        }
        Assert.Equal(3, after["ana"].Cells["square_test"]);   // the new key's points
        Assert.Equal(2, before["ana"].Cells["square_test"]);
        Assert.Equal(0, after["ben"].Cells["square_test"]);
        var history = c.Regraded.History().Select(h => h.Grade).Where(h => h.KeyHash == before[h.Student].KeyHash).ToList();
        Assert.Equal(["ana", "ben", "cat", "dan"], history.Select(h => h.Student).Order());
        Assert.All(history, h => Assert.Equal(before[h.Student].KeyHash, h.KeyHash));
        // cat's mark survives the regrade, in the gradebook and in the sheet; eve gets a row.
        Assert.Equal(2.5, after["cat"].Cells["why_sign"]);
        var sheet = File.ReadAllLines(Path.Combine(c.Single, "manual-marks.csv"));
        Assert.Contains("cat,why_sign,2.5,3", sheet);
        Assert.Contains("eve,why_sign,,3", sheet);
    }

    [Fact]
    public void Regrade_names_the_students_to_grade_again_and_leaves_the_others()
    {
        var byStudent = c.Named.Grades.ToDictionary(g => g.Student);
        var regraded = c.Regraded.Grades.ToDictionary(g => g.Student);
        Assert.NotEqual(regraded["ben"].KeyHash, byStudent["ben"].KeyHash);
        foreach (var s in new[] { "ana", "cat", "dan", "eve" })
        {
            Assert.Equal(regraded[s].KeyHash, byStudent[s].KeyHash);
            Assert.Contains($"{s}: graded with another key but not named by --regrade; kept", c.NamedProgress);
        }
        Assert.Single(c.NamedProgress.Split('\n'), l => l.Contains("[regraded: key changed]"));
    }
}
