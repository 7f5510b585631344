using System.Text.Json.Nodes;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Notebooks.Model;

namespace Course.Grading.Tests;

/// <summary>
/// A whole class graded end to end by the real <c>labs</c> (each submission in its own process tree): correct, partly
/// correct, empty, tampered tests, infinite loop, Environment.Exit, stack overflow, out of memory, malformed JSON,
/// missing cells, and a student who prints "all tests passed". The gradebook must be exact for each.
/// </summary>
public sealed class ClassGradingTests : IClassFixture<ClassGradingTests.GradedClass>
{
    public sealed class GradedClass : IDisposable
    {
        public string Root { get; } = Path.Combine(Path.GetTempPath(), $"class-{Guid.NewGuid():N}");
        public Gradebook Book { get; }
        public Dictionary<string, StudentGrade> Grades { get; }
        public string Progress { get; }

        public GradedClass()
        {
            Directory.CreateDirectory(Path.Combine(Root, "key"));
            string key = Path.Combine(Root, "key", "squares.ipynb");
            NotebookFile.Write(Lab.Key(), key);
            string submissions = Path.Combine(Root, "submissions");
            Directory.CreateDirectory(submissions);

            void Submit(string student, Action<Notebook> edit)
            {
                var nb = Assigner.StudentVersion(Lab.Key(), key);
                edit(nb);
                Directory.CreateDirectory(Path.Combine(submissions, student));
                NotebookFile.Write(nb, Path.Combine(submissions, student, "squares.ipynb"));
            }
            void Answer(Notebook nb, string code) => Lab.ById(nb, "square").Source = code;

            Submit("correct", nb => { Answer(nb, "int Square(int x) => x * x;"); Lab.ById(nb, "why_sign").Source = "Minus times minus is plus."; });
            Submit("partly", nb => Answer(nb, "int Square(int x) => Math.Abs(x) * x;"));   // passes visible tests, fails the hidden one
            Submit("empty", _ => { });
            Submit("tampered", nb =>
            {
                Answer(nb, "int Square(int x) => 0;");
                Lab.ById(nb, "square_test").Source = "// the test was here";
                Lab.ById(nb, "square_partial").Source = "2";
                GradingCell(nb, "square_test")["points"] = 100;
            });
            Submit("boaster", nb => Answer(nb, "int Square(int x) => 0; Console.WriteLine(\"all tests passed\");"));
            Submit("loop", nb => Answer(nb, "int Square(int x) { while (true) { } }\nSquare(1);"));
            Submit("exits", nb => Answer(nb, "int Square(int x) => x * x;\nEnvironment.Exit(0);"));
            Submit("overflow", nb => Answer(nb, "int Square(int x) => Square(x + 1) + 1;\nSquare(1);"));
            Submit("hog", nb => Answer(nb, "int Square(int x) => x * x;\nvar hoard = new List<byte[]>(); while (true) hoard.Add(new byte[50_000_000]);"));
            Submit("nativehog", nb => Answer(nb, "int Square(int x) => x * x;\nunsafe { while (true) { var p = System.Runtime.InteropServices.NativeMemory.Alloc(50_000_000); System.Runtime.InteropServices.NativeMemory.Fill(p, 50_000_000, 1); } }"));
            Submit("deleted", nb =>
            {
                Answer(nb, "int Square(int x) => x * x;");
                nb.Cells.RemoveAll(c => c.Metadata["nbgrader"] is JsonObject m && ((string?)m["grade_id"])!.StartsWith("square_"));
            });
            Directory.CreateDirectory(Path.Combine(submissions, "broken"));
            File.WriteAllText(Path.Combine(submissions, "broken", "squares.ipynb"), "{\"cells\": [ {\"cell_type\": ");

            string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
            var request = new GradeRequest(key, Directory.GetDirectories(submissions).Order().ToList(), Path.Combine(Root, "out"),
                new Limits(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(90), MemoryMegabytes: 600), Jobs: 2, new LabsCommand("dotnet", [labs]));
            var progress = new StringWriter();
            Book = Grader.RunAsync(request, TextWriter.Synchronized(progress)).GetAwaiter().GetResult();
            Progress = progress.ToString();
            Grades = Book.Grades.ToDictionary(g => g.Student);
        }

        private static JsonObject GradingCell(Notebook nb, string id) => (JsonObject)Lab.ById(nb, id).Metadata["nbgrader"]!;

        public void Dispose()
        {
            if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        }
    }

    private readonly GradedClass graded;

    public ClassGradingTests(GradedClass graded) => this.graded = graded;

    private StudentGrade G(string student) => Assert.Contains(student, (IReadOnlyDictionary<string, StudentGrade>)graded.Grades);

    private void Cells(string student, double? test, double? partial, double? written)
    {
        var g = G(student);
        Assert.True(test == g.Cells["square_test"] && partial == g.Cells["square_partial"] && written == g.Cells["why_sign"],
            $"{student}: {string.Join(", ", g.Cells.Select(c => $"{c.Key}={c.Value}"))}; {g.Status} {g.Reason}; {string.Join(" | ", g.Outcomes.Select(o => o.Key + ": " + o.Value))}\n{graded.Progress}");
    }

    [Fact]
    public void Every_student_is_in_the_gradebook_once() =>
        Assert.Equal(["boaster", "broken", "correct", "deleted", "empty", "exits", "hog", "loop", "nativehog", "overflow", "partly", "tampered"],
                     graded.Grades.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Correct_scores_all_autograded_points_and_waits_for_the_written_answer()
    {
        Cells("correct", 2, 2, null);
        Assert.Equal(4, G("correct").Score);
        Assert.Equal(7, G("correct").MaxScore);
        Assert.Equal(["why_sign"], G("correct").NeedsManual);
        Assert.Equal("completed", G("correct").Status);
    }

    [Fact]
    public void Partly_correct_loses_the_test_whose_hidden_part_fails() => Cells("partly", 0, 2, 0);

    [Fact]
    public void Empty_scores_zero() => Cells("empty", 0, 0, 0);

    [Fact]
    public void Tampered_tests_are_restored_and_grade_the_real_answer()
    {
        Cells("tampered", 0, 0.5, 0);   // Square(0) == 0 is the one check a constant 0 passes
        Assert.Contains(G("tampered").Notes, n => n.Contains("'square_test' was edited"));
    }

    [Fact]
    public void Printing_all_tests_passed_gains_nothing() => Cells("boaster", 0, 0.5, 0);

    [Fact]
    public void An_infinite_loop_is_stopped_and_reported() 
    {
        Cells("loop", 0, 0, 0);
        Assert.Equal("cell-timeout", G("loop").Status);
    }

    [Fact]
    public void Environment_Exit_is_reported_as_a_dead_process() 
    {
        Cells("exits", 0, 0, 0);
        Assert.Equal("process-died", G("exits").Status);
    }

    [Fact]
    public void A_stack_overflow_is_reported()
    {
        Cells("overflow", 0, 0, 0);
        Assert.Equal("process-died", G("overflow").Status);
        Assert.Contains("SIGABRT: a stack overflow", G("overflow").Reason);
    }

    [Fact]
    public void Exhausting_memory_is_reported()
    {
        Assert.Equal("memory-limit", G("hog").Status);
        Assert.Contains("ran out of memory (limit 600 MB)", G("hog").Reason);
        Cells("hog", 2, 2, 0);   // Square was defined before the hoarding loop, so the tests still pass
    }

    [Fact]
    public void Exhausting_native_memory_is_stopped_by_the_watchdog()
    {
        Assert.Equal("memory-limit", G("nativehog").Status);
        Assert.Contains("used more than 600 MB", G("nativehog").Reason);
        Cells("nativehog", 0, 0, 0);   // the process was stopped in the answer cell: no test ran
    }

    [Fact]
    public void Malformed_json_is_an_invalid_notebook_with_zero()
    {
        Assert.Equal("invalid-notebook", G("broken").Status);
        Assert.Equal(0, G("broken").Score);
        Assert.Contains("squares.ipynb", G("broken").Reason);
    }

    [Fact]
    public void Deleted_test_cells_are_put_back_and_graded() => Cells("deleted", 2, 2, 0);

    [Fact]
    public void Writes_feedback_written_answers_and_a_marks_template()
    {
        string out_ = Path.Combine(graded.Root, "out");
        foreach (var s in graded.Grades.Keys) Assert.True(File.Exists(Path.Combine(out_, "feedback", s + ".html")) || s == "broken", s);
        string answers = File.ReadAllText(Path.Combine(out_, "written-answers.html"));
        Assert.Contains("Minus times minus is plus.", answers);
        Assert.Contains("correct,why_sign,,3", File.ReadAllText(Path.Combine(out_, "manual-marks.csv")));
        string feedback = File.ReadAllText(Path.Combine(out_, "feedback", "partly.html"));
        Assert.Contains("square_test: 0 / 2", feedback);
        Assert.DoesNotContain(".grading-", string.Join(",", Directory.GetFiles(Path.Combine(graded.Root, "key"))));
    }
}
