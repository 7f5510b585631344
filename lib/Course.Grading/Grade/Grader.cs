using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>What <c>labs grade</c> was asked to do.</summary>
public sealed record GradeRequest(
    string KeyPath, IReadOnlyList<string> Submissions, string OutputFolder, Limits Limits, int Jobs, LabsCommand Labs,
    string? Profile = null, IReadOnlyList<string>? Parameters = null);

/// <summary>
/// Grades a class: each submission (a folder or a file; its name is the student id) is prepared from the key,
/// run in its own process tree under the limits, scored, and recorded in the gradebook as soon as it finishes,
/// up to <see cref="GradeRequest.Jobs"/> at a time. Students already in the gradebook are not graded again, so an
/// interrupted run resumes where it stopped. Writes feedback/STUDENT.html, written-answers.html and manual-marks.csv.
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

        var students = request.Submissions.Select(s => (Id: StudentId(s), Path: s)).ToList();
        var duplicate = students.GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"two submissions have the student id '{duplicate.Key}': {string.Join(", ", duplicate.Select(d => d.Path))}");

        var answers = new List<(string Student, Notebook Notebook)>();
        using var gate = new SemaphoreSlim(Math.Max(1, request.Jobs));
        var tasks = students.Select(async s =>
        {
            if (book.Has(s.Id))
            {
                progress.WriteLine($"{s.Id}: already graded (in {book.JsonPath}); skipped");
                return;
            }
            await gate.WaitAsync(cancel);
            try
            {
                var (grade, notebook) = await GradeOne(s.Id, s.Path, key, max, request, assignment, cancel);
                book.Record(grade);
                if (notebook is not null) lock (answers) answers.Add((s.Id, notebook));
                progress.WriteLine($"{s.Id}: {grade.Score:0.##}/{grade.MaxScore:0.##} {grade.Status}{(grade.Reason.Length > 0 ? " (" + grade.Reason + ")" : "")}");
            }
            finally { gate.Release(); }
        }).ToList();
        await Task.WhenAll(tasks);

        // Written answers of every student graded so far (those from an earlier, resumed run are read back).
        foreach (var g in book.Grades.Where(g => answers.All(a => a.Student != g.Student)))
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
    public static string StudentId(string submission)
    {
        string trimmed = submission.TrimEnd('/', '\\');
        return Directory.Exists(trimmed) ? Path.GetFileName(trimmed) : Path.GetFileNameWithoutExtension(trimmed);
    }

    private static async Task<(StudentGrade, Notebook?)> GradeOne(string student, string submissionPath, Notebook key, double max,
        GradeRequest request, string assignment, CancellationToken cancel)
    {
        string work = Path.Combine(request.OutputFolder, "work", student);
        Directory.CreateDirectory(work);
        StudentGrade Failed(SubmissionStatus status, string reason) => new()
        {
            Student = student, Status = Status(status), Reason = reason, Score = 0, MaxScore = max,
            Cells = key.Cells.Where(c => GradingCell.Kind(c) is GradingKind.AutograderTest or GradingKind.ManualAnswer)
                             .ToDictionary(c => GradingCell.GradeId(c)!, _ => (double?)0),
        };

        Notebook submission;
        try { submission = NotebookFile.Read(FindNotebook(submissionPath, request.KeyPath)); }
        catch (Exception e) when (e is NotebookFormatException or IOException or InvalidDataException)
        {
            return (Failed(SubmissionStatus.InvalidNotebook, e.Message), null);
        }

        var prepared = SubmissionPreparer.Prepare(key, submission);
        NotebookFile.Write(prepared.Notebook, Path.Combine(work, "submission.ipynb"));
        // Run beside the key, so the notebook's relative paths (#r "../lib/...", data files) resolve as they do for the key.
        string keyFolder = Path.GetDirectoryName(Path.GetFullPath(request.KeyPath))!;
        string runPath = Path.Combine(keyFolder, $".grading-{assignment}-{student}.ipynb");
        NotebookFile.Write(prepared.Notebook, runPath);
        SubmissionRun run;
        try { run = await SubmissionRunner.RunAsync(request.Labs, runPath, Path.Combine(work, "executed"), request.Limits, cancel, request.Profile, request.Parameters); }
        finally { File.Delete(runPath); }

        var scores = Scorer.Score(key, prepared, run.Executed);
        var status = run.Status;
        string reason = run.Reason;
        if (status == SubmissionStatus.Completed && OutOfMemoryCell(run.Executed) is { } oom)
            (status, reason) = (SubmissionStatus.MemoryLimit, $"{oom} ran out of memory (limit {request.Limits.MemoryMegabytes} MB); the cells after it still ran");
        if (status == SubmissionStatus.Completed && scores.Any(s => s.Outcome.StartsWith("tampered", StringComparison.Ordinal)))
            status = SubmissionStatus.Tampered;
        var cells = scores.Where(s => s.Kind is GradingKind.AutograderTest or GradingKind.ManualAnswer).ToDictionary(s => s.GradeId, s => s.Points);
        var grade = new StudentGrade
        {
            Student = student, Status = Status(status), Reason = status == SubmissionStatus.Tampered ? "the executed notebook was altered" : reason,
            MaxScore = max, Outcomes = scores.ToDictionary(s => s.GradeId, s => s.Outcome), Notes = prepared.Notes.ToList(),
            Seconds = Math.Round(run.Elapsed.TotalSeconds, 2), PeakMegabytes = run.PeakMegabytes,
        }.WithCells(cells);

        var shown = run.Executed ?? prepared.Notebook;
        Directory.CreateDirectory(Path.Combine(request.OutputFolder, "feedback"));
        AtomicFile.WriteAllText(Path.Combine(request.OutputFolder, "feedback", student + ".html"), Reports.Feedback(grade, shown, scores, assignment));
        return (grade, prepared.Notebook);
    }

    /// <summary>"cell N" of the first cell whose error is an OutOfMemoryException (the managed heap is capped by --memory).</summary>
    private static string? OutOfMemoryCell(Notebook? executed)
    {
        if (executed is null) return null;
        for (int i = 0; i < executed.Cells.Count; i++)
            if (executed.Cells[i].Outputs.Any(o => (string?)o["output_type"] == "error" && ((string?)o["ename"] ?? "").Contains("OutOfMemoryException")))
                return $"cell {i + 1}";
        return null;
    }

    private static string FindNotebook(string submission, string keyPath)
    {
        if (File.Exists(submission)) return submission;
        if (!Directory.Exists(submission)) throw new IOException($"{submission}: no such file or folder.");
        string same = Path.Combine(submission, Path.GetFileName(keyPath));
        if (File.Exists(same)) return same;
        var all = Directory.GetFiles(submission, "*.ipynb", SearchOption.AllDirectories).Where(f => !f.Contains(".ipynb_checkpoints")).ToList();
        return all.Count switch
        {
            1 => all[0],
            0 => throw new IOException($"{submission}: the folder holds no .ipynb (expected {Path.GetFileName(keyPath)})."),
            _ => throw new IOException($"{submission}: several notebooks and none named {Path.GetFileName(keyPath)}."),
        };
    }

    private static string Status(SubmissionStatus s) => s switch
    {
        SubmissionStatus.Completed => "completed",
        SubmissionStatus.CellTimeout => "cell-timeout",
        SubmissionStatus.TotalTimeout => "total-timeout",
        SubmissionStatus.MemoryLimit => "memory-limit",
        SubmissionStatus.ProcessDied => "process-died",
        SubmissionStatus.InvalidNotebook => "invalid-notebook",
        SubmissionStatus.Tampered => "tampered",
        _ => s.ToString(),
    };
}
