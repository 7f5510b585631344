using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grading.Grade;
using Course.Grading.Sandbox;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Grading.Tests.Hostile;

/// <summary>
/// A whole class graded end to end by the real <c>labs</c>, each submission in its bubblewrap sandbox and cgroup:
/// correct, partly correct, empty, tampered tests, infinite loop, Environment.Exit, stack overflow, out of memory
/// (managed and native), malformed JSON, missing cells, a fake "all tests passed", and one student per attack of
/// issue 19 (forging after exit and over the pipe, reading the key, other students and the environment, writing the
/// library, caches and other students' work, links, FIFOs, oversized files, shadowing, a detached survivor, stderr and
/// output floods, XSS, a formula as a name, a copy of the key). Each grade must be what the real answers earn, and
/// nothing outside the output folder may change. About two minutes on two cores: the suite's longest test.
/// </summary>
public sealed class ClassGradingTests : IClassFixture<ClassGradingTests.GradedClass>
{
    public sealed class GradedClass : IDisposable
    {
        public ClassTree Tree { get; } = new();
        public Gradebook Book { get; }
        public Dictionary<string, StudentGrade> Grades { get; }
        public string Progress { get; }
        public Dictionary<string, string> Before { get; }
        public Dictionary<string, string> After { get; }
        public string Secret { get; } = "labs-secret-" + Guid.NewGuid().ToString("N");
        public string SurvivorMarker { get; } = $"317.{Random.Shared.Next(100000, 999999)}";
        public string HostMarker { get; } = Path.Combine(Path.GetTempPath(), $"labs-vandal-{Guid.NewGuid():N}");
        public string CacheMarker { get; } = Path.Combine(new NuGetRestorer().CacheRoot, $"labs-vandal-{Guid.NewGuid():N}", "x");
        public const string CorrectMarker = "correct-student-marker";
        public const string Formula = "=HYPERLINK(\"evil.example\",\"click\")";
        public TimeSpan Elapsed { get; }

        public GradedClass()
        {
            var t = Tree;
            void Answer(Notebook nb, string code) => ClassTree.Answer(nb, code);
            const string square = "int Square(int x) => x * x;";
            t.Submit("correct", nb => { Answer(nb, $"// {CorrectMarker}\n{square}"); Lab.ById(nb, "why_sign").Source = "Minus times minus is plus."; });
            t.Submit("partly", nb => Answer(nb, "int Square(int x) => Math.Abs(x) * x;"));   // passes visible tests, fails the hidden one
            t.Submit("empty", _ => { });
            t.Submit("tampered", nb =>
            {
                Answer(nb, "int Square(int x) => 0;");
                Lab.ById(nb, "square_test").Source = "// the test was here";
                Lab.ById(nb, "square_partial").Source = "2";
                ((JsonObject)Lab.ById(nb, "square_test").Metadata["nbgrader"]!)["points"] = 100;
            });
            t.Submit("boaster", nb => Answer(nb, "int Square(int x) => 0; Console.WriteLine(\"all tests passed\");"));
            t.Submit("loop", nb => Answer(nb, "int Square(int x) { while (true) { } }\nSquare(1);"));
            t.Submit("exits", nb => Answer(nb, square + "\nEnvironment.Exit(0);"));
            t.Submit("overflow", nb => Answer(nb, "int Square(int x) => Square(x + 1) + 1;\nSquare(1);"));
            t.Submit("hog", nb => Answer(nb, square + "\nvar hoard = new List<byte[]>(); while (true) hoard.Add(new byte[50_000_000]);"));
            t.Submit("nativehog", nb => Answer(nb, square + "\nunsafe { while (true) { var p = System.Runtime.InteropServices.NativeMemory.Alloc(50_000_000); System.Runtime.InteropServices.NativeMemory.Fill(p, 50_000_000, 1); } }"));
            t.Submit("deleted", nb =>
            {
                Answer(nb, square);
                nb.Cells.RemoveAll(c => c.Metadata["nbgrader"] is JsonObject m && ((string?)m["grade_id"])!.StartsWith("square_"));
            });
            Directory.CreateDirectory(Path.Combine(t.Submissions, "broken"));
            File.WriteAllText(Path.Combine(t.Submissions, "broken", "squares.ipynb"), "{\"cells\": [ {\"cell_type\": ");

            // The attacks of issue 19.
            string stub = "using System.IO;\nint Square(int x) => throw new NotImplementedException();";
            string squareIo = "using System.IO;\n" + square;
            t.Submit("exitforger", nb => Answer(nb, stub + "\n" + Attacks.ForgeAfterExit([t.Output, t.Repo, t.Submissions, "/tmp", "."])));
            t.Submit("pipeforger", nb => Answer(nb, stub + "\n" + Attacks.ForgeReplies));
            t.Submit("spy", nb => Answer(nb, squareIo + "\n" + Attacks.Spy([
                t.KeyPath, Path.GetDirectoryName(t.KeyPath)!, Path.Combine(t.Repo, "notebooks", "other-lab.ipynb"), "other-lab.ipynb",
                t.Submissions, Path.Combine(t.Submissions, "correct", "squares.ipynb"), t.Output, Path.Combine(t.Output, "work"),
                t.Root, t.Repo, t.DataFile, "/tmp", "/root", "/home", "/etc/passwd", "/etc/shadow", Environment.CurrentDirectory])));
            t.Submit("vandal", nb => Answer(nb, stub + "\n" + Attacks.Vandal(
                [t.HelperDll, t.NativeFixes, t.KeyPath, t.DataFile, Path.Combine(t.Submissions, "correct", "squares.ipynb"),
                 Path.Combine(t.Output, "gradebook.csv"), Path.Combine(t.Output, "work", "correct", "executed", "squares.ipynb"), CacheMarker, HostMarker],
                [t.Submissions, Path.Combine(t.Repo, "lib"), Path.Combine(t.Output, "work")])));
            Directory.CreateDirectory(Path.Combine(t.Submissions, "linker"));
            File.CreateSymbolicLink(Path.Combine(t.Submissions, "linker", "squares.ipynb"), t.KeyPath);   // grades the key itself, if followed
            Directory.CreateSymbolicLink(Path.Combine(t.Submissions, "dirlinker"), Path.Combine(t.Submissions, "correct"));
            Directory.CreateDirectory(Path.Combine(t.Submissions, "zero"));
            File.CreateSymbolicLink(Path.Combine(t.Submissions, "zero", "squares.ipynb"), "/dev/zero");
            t.Fifo(Path.Combine(t.Submissions, "fifo", "squares.ipynb"));
            Directory.CreateDirectory(Path.Combine(t.Submissions, "huge"));
            using (var huge = File.Create(Path.Combine(t.Submissions, "huge", "squares.ipynb"))) huge.SetLength(3 << 20);   // sparse: 3 MB over a 2 MB cap
            t.Submit("shadower", nb => Answer(nb, Attacks.ShadowOperators));
            t.Submit("survivor", nb => Answer(nb, square + "\n" + Attacks.Survivor(SurvivorMarker)));
            t.Submit("errflood", nb => Answer(nb, square + "\n" + Attacks.StderrFlood));
            t.Submit("outflood", nb => Answer(nb, square + "\n" + Attacks.OutputFlood));
            t.Submit("xss", nb => { Answer(nb, square + "\n" + Attacks.XssOutput); Lab.ById(nb, "why_sign").Source = Attacks.XssMarkdown; });
            t.Submit(Formula, nb => Answer(nb, square));
            t.Submit("badmeta", nb => ((JsonObject)Lab.ById(nb, "square").Metadata["nbgrader"]!)["grade_id"] = 42);   // breaks the grader's own reading
            Directory.CreateDirectory(Path.Combine(t.Submissions, "copycat"));
            File.Copy(t.KeyPath, Path.Combine(t.Submissions, "copycat", "squares.ipynb"));

            Before = t.Snapshot(t.Root, except: t.Output);
            Environment.SetEnvironmentVariable("LABS_GRADER_SECRET", Secret);
            string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
            var limits = new Limits(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(90), MemoryMegabytes: 600) { MaxNotebookBytes = 2 << 20 };
            var request = new GradeRequest(t.KeyPath, Directory.GetFileSystemEntries(t.Submissions).Order().ToList(), t.Output, limits, Jobs: 2,
                new LabsCommand("dotnet", [labs]));
            var progress = new StringWriter();
            var clock = Stopwatch.StartNew();
            Book = Grader.RunAsync(request, TextWriter.Synchronized(progress)).GetAwaiter().GetResult();
            Elapsed = clock.Elapsed;
            Environment.SetEnvironmentVariable("LABS_GRADER_SECRET", null);
            Progress = progress.ToString();
            Grades = Book.Grades.ToDictionary(g => g.Student);
            After = t.Snapshot(t.Root, except: t.Output);
        }

        public void Dispose()
        {
            if (File.Exists(HostMarker)) File.Delete(HostMarker);
            Tree.Dispose();
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

    private string Executed(string student) => File.ReadAllText(Path.Combine(graded.Tree.Output, "work", student, "executed", "squares.ipynb"));

    /// <summary>Everything the student's code printed or displayed (the outputs of its executed notebook).</summary>
    private string Printed(string student)
        => string.Join("\n", NotebookFile.Read(Path.Combine(graded.Tree.Output, "work", student, "executed", "squares.ipynb")).Cells
            .SelectMany(c => c.Outputs).Select(o => o.ToJsonString()));

    private string Feedback(string student) => File.ReadAllText(Path.Combine(graded.Tree.Output, "feedback", student + ".html"));

    [Fact]
    public void Every_student_is_in_the_gradebook_once_and_nothing_outside_the_output_folder_changed()
    {
        Assert.Equal([GradedClass.Formula, "badmeta", "boaster", "broken", "copycat", "correct", "deleted", "dirlinker", "empty", "errflood", "exitforger", "exits", "fifo",
                      "hog", "huge", "linker", "loop", "nativehog", "outflood", "overflow", "partly", "pipeforger", "shadower", "spy",
                      "survivor", "tampered", "vandal", "xss", "zero"],
                     graded.Grades.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(graded.Before, graded.After);   // the key, the library, the data, the native fixes, every submission
        Assert.False(File.Exists(graded.HostMarker), "the vandal wrote to the host's /tmp");
        Assert.False(File.Exists(graded.CacheMarker), "the vandal wrote into the NuGet restore cache");
        Assert.All(graded.Grades.Values.Where(g => g.Status is not ("invalid-notebook" or "invalid-student-id" or "grader-error")),
            g => Assert.StartsWith("bubblewrap", g.Isolation));
    }

    [Fact]
    public void Correct_scores_all_autograded_points_and_waits_for_the_written_answer()
    {
        Cells("correct", 2, 2, null);
        Assert.Equal(4, G("correct").Score);
        Assert.Equal(7, G("correct").MaxScore);
        Assert.Equal(["why_sign"], G("correct").NeedsManual);
        Assert.Equal("completed", G("correct").Status);
        Assert.Contains("cgroup v", G("correct").Isolation);
        Assert.Empty(G("correct").Review);
        Assert.InRange(G("correct").PeakMegabytes, 20, 600);   // the cgroup's peak, not a poll
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
        Assert.True(G("loop").Status == "cell-timeout", $"{G("loop").Status}: {G("loop").Reason}; stderr: {G("loop").ErrorTail}");
    }

    [Fact]
    public void Environment_Exit_is_reported_as_a_dead_process()
    {
        Cells("exits", 0, 0, 0);
        Assert.Equal("process-died", G("exits").Status);
        Assert.Contains("died with exit code 0", G("exits").Reason);
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
    public void Exhausting_native_memory_is_stopped_by_the_memory_cgroup()
    {
        Assert.Equal("memory-limit", G("nativehog").Status);
        Assert.Contains("used more than 600 MB and was stopped by its memory cgroup", G("nativehog").Reason);
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
    public void Forging_results_after_exit_changes_nothing()
    {
        Cells("exitforger", 0, 0, 0);
        Assert.Equal("completed", G("exitforger").Status);
        Assert.Equal("all cells ran; some raised errors", G("exitforger").Reason);
        Assert.Contains("NotImplementedException", G("exitforger").Outcomes["square_test"]);
        Assert.Contains(G("exitforger").Review, r => r.Contains("System.AppDomain.ProcessExit"));
    }

    [Fact]
    public void Forged_replies_on_the_channel_void_the_submission()
    {
        // The forger and the worker read one pipe: which bytes each gets is the kernel's choice. Whichever way, no forged
        // reply is accepted: a whole request read by the forger is answered with a bad MAC (tampered); a part of one
        // leaves the worker waiting (the cell times out) or the forger's parse failing. It earns nothing in every case.
        Cells("pipeforger", 0, 0, 0);
        var g = G("pipeforger");
        Assert.True(g.Status is "tampered" or "cell-timeout" or "process-died", $"{g.Status}: {g.Reason}");
        if (g.Status == "tampered") Assert.Contains("MAC does not match", g.Reason);
        Assert.Contains(g.Review, r => r.Contains("System.Console.OpenStandardInput"));   // listed for review besides
    }

    [Fact]
    public void The_sandbox_shows_neither_the_key_nor_other_students_nor_the_graders_environment()
    {
        Cells("spy", 2, 2, 0);   // its real answer
        var seen = Printed("spy");
        Assert.Contains("ENV PATH=", seen);                    // the spy ran...
        Assert.Contains(ClassTree.DataMarker, seen);           // ...and saw what the key's cells need
        Assert.Contains("Square(3) should be 9", seen);        // and its own notebook, with the visible tests
        foreach (var secret in new[] { ClassTree.SolutionMarker, ClassTree.HiddenMarker, ClassTree.OtherLabMarker, GradedClass.CorrectMarker,
                                       graded.Secret, "gradebook", "Minus times minus" })
            Assert.DoesNotContain(secret, seen);
        Assert.Contains("MISSING " + graded.Tree.Submissions, seen);
        Assert.Contains("MISSING " + graded.Tree.Output, seen);
        // /proc shows the sandbox's own processes only (bwrap's init and the worker, numbered from 1 in its PID namespace):
        // not the grader's command line, nor any other process of the host.
        var processes = System.Text.RegularExpressions.Regex.Matches(seen, @"FILE /proc/(\d+)/cmdline").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.InRange(processes.Count, 1, 4);
        Assert.All(processes, pid => Assert.True(pid < 10, $"the spy saw process {pid}, not one of its sandbox's"));
    }

    [Fact]
    public void Writing_the_library_the_caches_and_other_students_work_fails()
    {
        Cells("vandal", 0, 0, 0);
        Assert.Contains("vandal: ", Executed("vandal"));
        Cells("correct", 2, 2, null);
        Assert.Contains("Minus times minus is plus.", File.ReadAllText(Path.Combine(graded.Tree.Output, "work", "correct", "submission.ipynb")));
        // Nothing the grader wrote (but the vandal's own work and feedback, which show its code) holds the vandal's mark.
        var marked = Directory.GetFiles(graded.Tree.Output, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/work/vandal/", StringComparison.Ordinal) && !f.EndsWith("feedback/vandal.html", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("VANDALISED", StringComparison.Ordinal)).ToList();
        Assert.Empty(marked);
    }

    [Fact]
    public void An_exception_in_the_grader_is_that_students_status_and_the_class_goes_on()
    {
        Assert.Equal("grader-error", G("badmeta").Status);
        Assert.Contains("InvalidOperationException", G("badmeta").Reason);
        Assert.Equal(0, G("badmeta").Score);
        Cells("correct", 2, 2, null);
    }

    [Theory]
    [InlineData("linker", "is a symbolic link")]
    [InlineData("dirlinker", "is a symbolic link")]
    [InlineData("zero", "is a symbolic link")]
    [InlineData("fifo", "is a FIFO")]
    [InlineData("huge", "over the limit of 2,097,152")]
    public void Links_fifos_and_oversized_files_are_not_graded(string student, string reason)
    {
        Assert.Equal("invalid-notebook", G(student).Status);
        Assert.Contains(reason, G(student).Reason);
        Assert.Equal(0, G(student).Score);
    }

    [Fact]
    public void Shadowing_the_tests_operators_scores_zero_with_the_reason()
    {
        Cells("shadower", 0, 0, 0);
        Assert.Equal("shadowing", G("shadower").Status);
        Assert.Contains("shadows operator !=", G("shadower").Reason);
        Assert.Contains("shadows operator ==", G("shadower").Outcomes["square_partial"]);
    }

    [Fact]
    public void A_detached_survivor_neither_holds_up_grading_nor_outlives_it()
    {
        Cells("survivor", 2, 2, 0);
        Assert.Equal("completed", G("survivor").Status);
        Assert.True(G("survivor").Seconds < 60, $"{G("survivor").Seconds} s");
        var alive = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(graded.SurvivorMarker); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        }).ToList();
        Assert.Empty(alive);
    }

    [Fact]
    public void A_stderr_flood_keeps_only_its_tail()
    {
        Cells("errflood", 2, 2, 0);
        Assert.Equal("completed", G("errflood").Status);
        Assert.InRange(G("errflood").ErrorTail.Length, 1000, 20_000);
        Assert.Contains("EEEE", G("errflood").ErrorTail);
    }

    [Fact]
    public void An_output_flood_is_capped()
    {
        Cells("outflood", 2, 2, 0);
        Assert.Equal("completed", G("outflood").Status);
        Assert.InRange(new FileInfo(Path.Combine(graded.Tree.Output, "work", "outflood", "executed", "squares.ipynb")).Length, 1 << 20, 8 << 20);
        Assert.Contains("output capped", Executed("outflood"));
    }

    [Fact]
    public void Student_html_in_feedback_is_sanitized_and_cannot_run_or_cover_the_score()
    {
        Cells("xss", 2, 2, null);
        foreach (var page in new[] { Feedback("xss"), File.ReadAllText(Path.Combine(graded.Tree.Output, "written-answers.html")) })
        {
            Assert.Contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", page);
            Assert.DoesNotContain("<script", page);   // the student's code is shown, encoded: only live markup is looked for
            Assert.DoesNotMatch("<[a-z]+[^>]*\\son[a-z]+\\s*=", page);
            Assert.DoesNotMatch("href=[\"']?javascript:", page);
            Assert.DoesNotMatch("style=\"[^\"]*position", page);
        }
        Assert.Contains("Score <b>4 / 7</b>", Feedback("xss"));
        Assert.Contains("Score 10 / 10", Feedback("xss"));   // shown, as text in the student's box
    }

    [Fact]
    public void A_formula_as_a_student_id_is_reported_and_neutralised_in_the_spreadsheet()
    {
        Assert.Equal("invalid-student-id", G(GradedClass.Formula).Status);
        Assert.Contains("not a usable student id", G(GradedClass.Formula).Reason);
        var csv = File.ReadAllText(graded.Book.CsvPath);
        Assert.Contains("\"'=HYPERLINK(\"\"evil.example\"\",\"\"click\"\")\"", csv);
        Assert.DoesNotMatch("(^|\n|,)\"?=", csv);
        Assert.False(File.Exists(Path.Combine(graded.Tree.Output, "feedback", GradedClass.Formula + ".html")));
    }

    [Fact]
    public void A_copy_of_the_key_is_flagged_for_review()
    {
        Cells("copycat", 2, 2, null);
        Assert.Contains(G("copycat").Review, r => r.Contains("identical to the key's solutions"));
        Assert.Contains("identical to the key", File.ReadAllText(graded.Book.CsvPath));
    }

    [Fact]
    public void Writes_feedback_written_answers_and_a_marks_template()
    {
        string out_ = graded.Tree.Output;
        foreach (var s in graded.Grades.Values.Where(g => g.Status is not ("invalid-notebook" or "invalid-student-id" or "grader-error")).Select(g => g.Student))
            Assert.True(File.Exists(Path.Combine(out_, "feedback", s + ".html")), s);
        string answers = File.ReadAllText(Path.Combine(out_, "written-answers.html"));
        Assert.Contains("Minus times minus is plus.", answers);
        Assert.Contains("correct,why_sign,,3", File.ReadAllText(Path.Combine(out_, "manual-marks.csv")));
        Assert.Contains("square_test: 0 / 2", Feedback("partly"));
        Assert.Equal(["other-lab.ipynb", "squares.ipynb"], Directory.GetFiles(Path.GetDirectoryName(graded.Tree.KeyPath)!).Select(Path.GetFileName).Order());
    }
}
