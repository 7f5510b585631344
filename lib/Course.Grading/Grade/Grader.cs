using Course.Grading.Analysis;
using Course.Grading.Deadlines;
using Course.Grading.Regrade;
using Course.Grading.Shards;
using Course.Grading.Nbgrader;
using Course.Grading.Sandbox;
using Course.Grading.Submissions;
using Course.Notebooks.Contract;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;
using Course.Notebooks.Parameters;
using Course.Notebooks.Rendering;

namespace Course.Grading.Grade;

/// <summary>What <c>labs grade</c> was asked to do.</summary>
/// <param name="KeyPath">The instructor's notebook (solutions and hidden tests).</param>
/// <param name="Submissions">One folder or .ipynb per student, named by the student id.</param>
/// <param name="OutputFolder">Where the gradebook, feedback pages and work folders go.</param>
/// <param name="Limits">What one submission may use.</param>
/// <param name="Jobs">Submissions graded at once.</param>
/// <param name="Labs">How to start the <c>labs</c> program (its hidden sandbox-worker command runs the cells).</param>
/// <param name="Profile">The parameter profile the notebooks run with.</param>
/// <param name="Parameters">Parameter overrides, name=value.</param>
/// <param name="Sandbox">Run each submission in a bubblewrap sandbox (the default); false only with --no-sandbox.</param>
/// <param name="Shard">The slice of the class to grade (by a hash of the student id); its output goes to OUT/shards/K-of-N.</param>
/// <param name="Regrade">Grade exactly these students again (and the ones never graded); null: every stale grade.</param>
/// <param name="Threads">Threads per submission; null: the cores divided by the jobs (<see cref="ThreadShare"/>).</param>
/// <param name="Due">The due date; null: none (lateness not computed).</param>
/// <param name="Late">The late policy; null: none.</param>
/// <param name="Cgroup">
/// Without the sandbox, still put each submission in a cgroup when the host has one (the default); false runs it with
/// no isolation at all, its memory bounded by the managed heap only (what the grading benchmark compares against).
/// </param>
public sealed record GradeRequest(
    string KeyPath, IReadOnlyList<string> Submissions, string OutputFolder, Limits Limits, int Jobs, LabsCommand Labs,
    string? Profile = null, IReadOnlyList<string>? Parameters = null, bool Sandbox = true, bool Cgroup = true,
    Shard? Shard = null, IReadOnlyList<string>? Regrade = null, int? Threads = null, DateTimeOffset? Due = null, LatePolicy? Late = null);

/// <summary>
/// Grades a class: each submission (a folder or a file; its name is the student id) is read as hostile input, prepared
/// from the key, run cell by cell in its own sandbox and cgroup (<see cref="SubmissionRunner"/>), scored from the
/// notebook the grader itself wrote, and recorded in the gradebook as soon as it finishes, up to
/// <see cref="GradeRequest.Jobs"/> at a time, each with its share of the cores. A student whose grade was computed
/// from the same key, library build and profile (<see cref="GradingFingerprint"/>) is not graded again, so an
/// interrupted run resumes where it stopped; a stale grade is graded again (the old one kept in the history file), or
/// with <see cref="GradeRequest.Regrade"/> only the students named. Anything that goes wrong with one submission becomes
/// that student's status, never the end of the class run. Writes feedback/STUDENT.html, written-answers.html,
/// manual-marks.csv (rows added, marks kept) and grading.json with a copy of the key (what <c>--merge</c> reads).
/// </summary>
public static class Grader
{
    public static async Task<Gradebook> RunAsync(GradeRequest request, TextWriter progress, CancellationToken cancel = default)
    {
        var key = NotebookFile.Read(request.KeyPath);
        var problems = GradingCell.Validate(key, request.KeyPath);
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems));
        var graded = key.Cells.Where(c => GradingCell.Kind(c) is GradingKind.AutograderTest or GradingKind.ManualAnswer).ToList();
        string assignment = Path.GetFileNameWithoutExtension(request.KeyPath);
        var shard = request.Shard ?? Shard.Whole;
        string classOutput = request.OutputFolder;
        if (shard.Count > 1) request = request with { OutputFolder = shard.OutputUnder(classOutput) };
        var gradeIds = graded.Select(c => GradingCell.GradeId(c)!).ToList();
        var book = new Gradebook(request.OutputFolder, assignment, gradeIds);
        double max = graded.Sum(GradingCell.Points);

        var all = request.Submissions.Select(s => (Id: StudentIds.Of(s), Path: s)).ToList();
        var duplicate = all.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two submissions have the student id {StudentIds.Show(duplicate.Key)}: {string.Join(", ", duplicate.Select(d => d.Path))}");
        var students = all.Where(s => shard.Contains(s.Id)).ToList();
        if (shard.Count > 1) progress.WriteLine($"shard {shard}: {students.Count} of {all.Count} students, into {request.OutputFolder}");
        var unknown = (request.Regrade ?? []).Where(id => all.All(s => s.Id != id)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"--regrade: no submission for {string.Join(", ", unknown.Select(StudentIds.Show))}; name students by their submission's id.");

        var isolation = Isolation.Detect(request.Sandbox, cgroup: request.Sandbox || request.Cgroup);
        var restorer = new NuGetRestorer();
        var references = KeyReferences.Of(request.KeyPath, key, restorer);
        var view = SandboxView.ForKey(request.KeyPath, references, restorer, request.Labs, request.Limits.MemoryMegabytes,
            [request.KeyPath, classOutput, .. request.Submissions]);
        int threads = request.Threads ?? ThreadShare.PerSubmission(Environment.ProcessorCount, request.Jobs);
        view = view with { Environment = ThreadShare.Apply(view.Environment, threads) };
        var setup = new GradingSetup(isolation, view, request.Limits);
        progress.WriteLine($"isolation: {isolation.Description}; {threads} thread(s) per submission, {request.Jobs} at once");
        var warnings = new List<string>();
        var settings = new NotebookSettings(request.Parameters ?? [], request.Profile, request.Limits.CellTimeout.TotalSeconds, ContinueOnError: true);
        var parameters = settings.Resolve(key, request.KeyPath, warnings);
        foreach (var w in warnings) progress.WriteLine($"warning: {w}");
        var keyRun = key.Clone();
        ParameterInjector.Inject(keyRun, parameters);
        var shadows = new ShadowCheck(keyRun, ScriptChain.References(references.Managed));
        var fingerprint = GradingFingerprint.Of(request.KeyPath, references.Dlls, request.Profile, parameters);
        var stamp = new Stamp(fingerprint, threads, shard.Count > 1 ? shard.ToString() : "", request.Due, request.Late ?? LatePolicy.None);
        var context = new Context(request, key, max, assignment, setup, parameters, shadows, stamp);
        GradingManifest.Write(request.OutputFolder, request.KeyPath, new GradingManifest(assignment, fingerprint.Key, fingerprint.Build, fingerprint.Profile,
            shard.ToString(), gradeIds, max));

        var todo = new List<(string Id, string Path, string Why)>();
        foreach (var s in students)
        {
            var old = book.Find(s.Id);
            if (old is null) { todo.Add((s.Id, s.Path, "")); continue; }
            var changed = fingerprint.Differences(old.Fingerprint);
            if (request.Regrade is { } named ? named.Contains(s.Id) : changed.Count > 0)
                todo.Add((s.Id, s.Path, changed.Count > 0 ? $"{string.Join(", ", changed)} changed" : "--regrade"));
            else if (request.Regrade is null || changed.Count == 0)
                progress.WriteLine($"{StudentIds.Display(s.Id)}: already graded with this key, build and profile (in {book.JsonPath}); skipped");
            else
                progress.WriteLine($"{StudentIds.Display(s.Id)}: graded with another {string.Join(", ", changed)} but not named by --regrade; kept");
        }

        var answers = new List<(string Student, Notebook Notebook)>();
        var meter = new ProgressMeter(todo.Count, shard.Count > 1 ? $"shard {shard} " : "");
        using var gate = new SemaphoreSlim(Math.Max(1, request.Jobs));
        var tasks = todo.Select(async s =>
        {
            await gate.WaitAsync(cancel);
            try
            {
                var (grade, notebook) = await GradeOneSafely(s.Id, s.Path, context, cancel);
                book.Record(grade, s.Why.Length > 0 ? $"regraded: {s.Why}" : "graded again");
                if (notebook is not null) lock (answers) answers.Add((s.Id, notebook));
                string regraded = s.Why.Length > 0 ? $" [regraded: {s.Why}]" : "";
                progress.WriteLine(StudentIds.Printable($"{meter.Finished()} {StudentIds.Display(s.Id)}: {grade.Score:0.##}/{grade.MaxScore:0.##} {grade.Status}{(grade.Reason.Length > 0 ? " (" + grade.Reason + ")" : "")}{regraded}"));
            }
            finally { gate.Release(); }
        }).ToList();
        await Task.WhenAll(tasks);

        // Written answers of every student graded so far (those from an earlier, resumed run are read back).
        foreach (var g in book.Grades.Where(g => answers.All(a => a.Student != g.Student) && StudentIds.Problem(g.Student) is null))
        {
            string prepared = Path.Combine(request.OutputFolder, "work", g.Student, "submission.ipynb");
            if (File.Exists(prepared)) answers.Add((g.Student, NotebookFile.Read(prepared)));
        }
        WriteManualPages(request.OutputFolder, key, answers, book, assignment);
        return book;
    }

    /// <summary>
    /// The marks already entered in OUT/manual-marks.csv applied again (a regraded student keeps them), then
    /// written-answers.html for what is still unmarked, and manual-marks.csv with a row added for each new answer.
    /// </summary>
    public static void WriteManualPages(string output, Notebook key, List<(string Student, Notebook Notebook)> answers, Gradebook book, string assignment)
    {
        string marks = Path.Combine(output, "manual-marks.csv");
        if (File.Exists(marks) && new FileInfo(marks).Length > 0) book.MergeManual(marks, strict: false);
        var (html, rows) = Reports.WrittenAnswers(key, answers.OrderBy(a => a.Student, StringComparer.Ordinal).ToList(), book, assignment);
        AtomicFile.WriteAllText(Path.Combine(output, "written-answers.html"), html);
        ManualMarks.Update(marks, rows);
    }

    /// <summary>The student id of a submission: the folder name, or the file name without .ipynb.</summary>
    public static string StudentId(string submission) => StudentIds.Of(submission);

    /// <summary>What every grade of the run carries: the fingerprint, the threads, the shard, the deadline.</summary>
    private sealed record Stamp(GradingFingerprint Fingerprint, int Threads, string Shard, DateTimeOffset? Due, LatePolicy Late);

    private sealed record Context(GradeRequest Request, Notebook Key, double Max, string Assignment, GradingSetup Setup,
        IReadOnlyDictionary<string, object?> Parameters, ShadowCheck Shadows, Stamp Stamp)
    {
        public StudentGrade Failed(string student, SubmissionStatus status, string reason, string isolation = "not run") => new StudentGrade
        {
            Student = student, Status = SubmissionStatuses.Name(status), Reason = reason, MaxScore = Max, Isolation = isolation,
        }.WithCells(Key.Cells.Where(c => GradingCell.Kind(c) is GradingKind.AutograderTest or GradingKind.ManualAnswer)
                             .ToDictionary(c => GradingCell.GradeId(c)!, _ => (double?)0));
    }

    /// <summary>Grades one student; whatever goes wrong in the grader becomes the student's status (grader-error).</summary>
    private static async Task<(StudentGrade, Notebook?)> GradeOneSafely(string student, string path, Context context, CancellationToken cancel)
    {
        var (grade, notebook) = await GradeOneOrFail(student, path, context, cancel);
        return (Stamped(grade, path, context), notebook);
    }

    /// <summary>The grade with the run's fingerprint, threads and shard, and the submission time, due date and late penalty applied.</summary>
    private static StudentGrade Stamped(StudentGrade grade, string path, Context context)
    {
        var stamp = context.Stamp;
        grade = grade.WithFingerprint(stamp.Fingerprint) with { Threads = stamp.Threads, Shard = stamp.Shard };
        DateTimeOffset? submitted = null;
        try { submitted = SubmissionTime.Of(path); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            if (!grade.Notes.Any(n => n.StartsWith("submission time unknown", StringComparison.Ordinal)))
                grade = grade with { Notes = [.. grade.Notes, $"submission time unknown: {e.Message}"] };
        }
        return grade.WithDeadline(submitted, stamp.Due, stamp.Late);
    }

    private static async Task<(StudentGrade, Notebook?)> GradeOneOrFail(string student, string path, Context context, CancellationToken cancel)
    {
        if (StudentIds.Problem(student) is { } bad) return (context.Failed(student, SubmissionStatus.InvalidStudentId, bad), null);
        try { return await GradeOne(student, path, context, cancel); }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return (context.Failed(student, SubmissionStatus.GraderError, $"{e.GetType().Name}: {e.Message}"), null);
        }
    }

    private static async Task<(StudentGrade, Notebook?)> GradeOne(string student, string submissionPath, Context context, CancellationToken cancel)
    {
        var request = context.Request;
        var key = context.Key;
        string work = Path.Combine(request.OutputFolder, "work", student);
        Directory.CreateDirectory(work);

        Notebook submission;
        try { submission = SubmissionFile.Read(submissionPath, Path.GetFileName(request.KeyPath), request.Limits.MaxNotebookBytes); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return (context.Failed(student, SubmissionStatus.InvalidNotebook, e.Message), null);
        }

        var prepared = SubmissionPreparer.Prepare(key, submission);
        NotebookFile.Write(prepared.Notebook, Path.Combine(work, "submission.ipynb"));
        var review = Review.Of(key, submission).ToList();

        var run = prepared.Notebook.Clone();
        ParameterInjector.Inject(run, context.Parameters);
        var shadowed = FindShadows(context.Shadows, key, run, review, cancel);
        string visible = Path.Combine(work, "visible", Path.GetFileName(request.KeyPath));
        Directory.CreateDirectory(Path.GetDirectoryName(visible)!);
        NotebookFile.Write(VisibleToStudent(run), visible);
        string executed = Path.Combine(work, "executed", Path.GetFileName(request.KeyPath));
        Directory.CreateDirectory(Path.GetDirectoryName(executed)!);
        var result = await SubmissionRunner.RunAsync(context.Setup, student, run, visible, executed, cancel);
        // The run's own page, as `labs run` writes it (the notebook framed in a sandbox, charts drawn).
        AtomicFile.WriteAllText(Path.ChangeExtension(executed, ".html"),
            NotebookHtml.Render(result.Executed, $"{context.Assignment}: {student}", $"{SubmissionStatuses.Name(result.Status)} - {result.Reason}"));

        var scores = Scorer.Score(key, prepared, result.Executed)
            .Select(s => shadowed.TryGetValue(s.GradeId, out var names) ? s with { Points = 0, Outcome = $"shadows {string.Join(", ", names)}: scores 0" } : s)
            .ToList();
        var status = result.Status;
        string reason = result.Reason;
        if (status == SubmissionStatus.Completed && shadowed.Count > 0)
            (status, reason) = (SubmissionStatus.Shadowing, string.Join("; ", shadowed.Select(s => $"shadows {string.Join(", ", s.Value)} in test '{s.Key}'")));
        if (status == SubmissionStatus.Completed && OutOfMemoryCell(result.Executed) is { } oom)
            (status, reason) = (SubmissionStatus.MemoryLimit, $"{oom} ran out of memory (limit {request.Limits.MemoryMegabytes} MB); the cells after it still ran");
        var cells = scores.Where(s => s.Kind is GradingKind.AutograderTest or GradingKind.ManualAnswer).ToDictionary(s => s.GradeId, s => s.Points);
        var grade = new StudentGrade
        {
            Student = student, Status = SubmissionStatuses.Name(status), Reason = reason,
            MaxScore = context.Max, Outcomes = scores.ToDictionary(s => s.GradeId, s => s.Outcome), Notes = prepared.Notes.ToList(),
            Review = review, Isolation = context.Setup.Isolation.Description,
            Seconds = Math.Round(result.Elapsed.TotalSeconds, 2), PeakMegabytes = result.PeakMegabytes, ErrorTail = result.ErrorTail,
        }.WithCells(cells);
        if (status == SubmissionStatus.Tampered) grade = grade.WithCells(cells.ToDictionary(c => c.Key, c => c.Value is null ? null : (double?)0));

        grade = Stamped(grade, submissionPath, context);
        Directory.CreateDirectory(Path.Combine(request.OutputFolder, "feedback"));
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "feedback", student + ".html"), Reports.Feedback(grade, result.Executed, scores, context.Assignment));
        return (grade, prepared.Notebook);
    }

    /// <summary>
    /// The tests whose names a student declaration captures, and (as review notes) the student code that can reach into
    /// the worker's process; a check that cannot finish in time is a review note instead.
    /// </summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> FindShadows(ShadowCheck check, Notebook key, Notebook run, List<string> review,
        CancellationToken cancel)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            var chain = check.Compile(run, timeout.Token);
            review.AddRange(CapabilityScan.Find(chain, key, timeout.Token).Select(c => c + ": it could reach the grading worker's state; check its results by hand"));
            return check.Find(chain, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            review.Add("the shadowing check did not finish in 120 s: check by hand that no answer redefines a name the tests use");
            return new Dictionary<string, IReadOnlyList<string>>();
        }
    }

    /// <summary>The notebook as the sandbox shows it: hidden tests removed (they reach the worker only at their turn).</summary>
    private static Notebook VisibleToStudent(Notebook run)
    {
        var nb = run.Clone();
        foreach (var cell in nb.Cells.Where(c => GradingCell.Kind(c) == GradingKind.AutograderTest))
            cell.Source = SourceMarkers.RemoveHiddenTests(cell.Source, $"test '{GradingCell.GradeId(cell)}'");
        return nb;
    }

    /// <summary>"cell N" of the first cell whose error is an OutOfMemoryException (the managed heap is capped below the cgroup's limit).</summary>
    private static string? OutOfMemoryCell(Notebook executed)
    {
        for (int i = 0; i < executed.Cells.Count; i++)
            if (executed.Cells[i].Outputs.Any(o => (string?)o["output_type"] == "error" && (string?)o["ename"] == nameof(OutOfMemoryException)))
                return $"cell {i + 1}";
        return null;
    }
}
