using Course.Grading.Analysis;
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
/// <param name="Cgroup">
/// Without the sandbox, still put each submission in a cgroup when the host has one (the default); false runs it with
/// no isolation at all, its memory bounded by the managed heap only (what the grading benchmark compares against).
/// </param>
public sealed record GradeRequest(
    string KeyPath, IReadOnlyList<string> Submissions, string OutputFolder, Limits Limits, int Jobs, LabsCommand Labs,
    string? Profile = null, IReadOnlyList<string>? Parameters = null, bool Sandbox = true, bool Cgroup = true);

/// <summary>
/// Grades a class: each submission (a folder or a file; its name is the student id) is read as hostile input, prepared
/// from the key, run cell by cell in its own sandbox and cgroup (<see cref="SubmissionRunner"/>), scored from the
/// notebook the grader itself wrote, and recorded in the gradebook as soon as it finishes, up to
/// <see cref="GradeRequest.Jobs"/> at a time. Students already in the gradebook are not graded again, so an interrupted
/// run resumes where it stopped. Anything that goes wrong with one submission becomes that student's status, never the
/// end of the class run. Writes feedback/STUDENT.html, written-answers.html and manual-marks.csv.
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
        var book = new Gradebook(request.OutputFolder, assignment, graded.Select(c => GradingCell.GradeId(c)!).ToList());
        double max = graded.Sum(GradingCell.Points);

        var students = request.Submissions.Select(s => (Id: StudentIds.Of(s), Path: s)).ToList();
        var duplicate = students.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two submissions have the student id {StudentIds.Show(duplicate.Key)}: {string.Join(", ", duplicate.Select(d => d.Path))}");

        var isolation = Isolation.Detect(request.Sandbox, cgroup: request.Sandbox || request.Cgroup);
        var restorer = new NuGetRestorer();
        var references = KeyReferences.Of(request.KeyPath, key, restorer);
        var view = SandboxView.ForKey(request.KeyPath, references, restorer, request.Labs, request.Limits.MemoryMegabytes,
            [request.KeyPath, request.OutputFolder, .. request.Submissions]);
        var setup = new GradingSetup(isolation, view, request.Limits);
        progress.WriteLine($"isolation: {isolation.Description}");
        var warnings = new List<string>();
        var settings = new NotebookSettings(request.Parameters ?? [], request.Profile, request.Limits.CellTimeout.TotalSeconds, ContinueOnError: true);
        var parameters = settings.Resolve(key, request.KeyPath, warnings);
        foreach (var w in warnings) progress.WriteLine($"warning: {w}");
        var keyRun = key.Clone();
        ParameterInjector.Inject(keyRun, parameters);
        var shadows = new ShadowCheck(keyRun, ScriptChain.References(references.Managed));
        var context = new Context(request, key, max, assignment, setup, parameters, shadows);

        var answers = new List<(string Student, Notebook Notebook)>();
        using var gate = new SemaphoreSlim(Math.Max(1, request.Jobs));
        var tasks = students.Select(async s =>
        {
            if (book.Has(s.Id))
            {
                progress.WriteLine($"{StudentIds.Display(s.Id)}: already graded (in {book.JsonPath}); skipped");
                return;
            }
            await gate.WaitAsync(cancel);
            try
            {
                var (grade, notebook) = await GradeOneSafely(s.Id, s.Path, context, cancel);
                book.Record(grade);
                if (notebook is not null) lock (answers) answers.Add((s.Id, notebook));
                progress.WriteLine(StudentIds.Printable($"{StudentIds.Display(s.Id)}: {grade.Score:0.##}/{grade.MaxScore:0.##} {grade.Status}{(grade.Reason.Length > 0 ? " (" + grade.Reason + ")" : "")}"));
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
        var (html, csv) = Reports.WrittenAnswers(key, answers.OrderBy(a => a.Student, StringComparer.Ordinal).ToList(), book, assignment);
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "written-answers.html"), html);
        string marks = Path.Combine(request.OutputFolder, "manual-marks.csv");
        if (!File.Exists(marks)) AtomicFile.WriteAllText(marks, csv);
        return book;
    }

    /// <summary>The student id of a submission: the folder name, or the file name without .ipynb.</summary>
    public static string StudentId(string submission) => StudentIds.Of(submission);

    private sealed record Context(GradeRequest Request, Notebook Key, double Max, string Assignment, GradingSetup Setup,
        IReadOnlyDictionary<string, object?> Parameters, ShadowCheck Shadows)
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
