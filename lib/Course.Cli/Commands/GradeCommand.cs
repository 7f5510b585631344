using System.CommandLine;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Grading.Grade;
using Course.Grading.Sandbox;
using Course.Notebooks.Model;

namespace Course.Cli.Commands;

/// <summary>
/// <c>labs grade --key KEY SUBMISSIONS... -o OUTDIR [--timeout S] [--total-timeout S] [--memory MB] [--max-notebook-mb MB] [--jobs N]
/// [--profile NAME] [-p name=value] [--no-sandbox]</c>
/// and <c>labs grade --manual MARKS.csv -o OUTDIR</c>.
/// </summary>
public static class GradeCommand
{
    public static Command Create()
    {
        var submissions = new Argument<string[]>("submissions") { Arity = ArgumentArity.ZeroOrMore, Description = "One folder or .ipynb per student; its name is the student id." };
        var key = new Option<string?>("--key") { Description = "The instructor's notebook (with solutions and hidden tests)." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the gradebook, feedback pages and written answers.", Required = true };
        var timeout = new Option<double>("--timeout") { Description = "Per-cell limit in seconds.", DefaultValueFactory = _ => 120 };
        var total = new Option<double>("--total-timeout") { Description = "Limit for one whole submission in seconds.", DefaultValueFactory = _ => 1200 };
        var memory = new Option<long>("--memory") { Description = "Memory limit of one submission in MB (0: none).", DefaultValueFactory = _ => 4096 };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Submissions graded at once (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var profile = new Option<string?>("--profile") { Description = "Parameter profile to run the notebooks with (e.g. quick)." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "A parameter override, name=value (repeatable)." };
        var maxNotebook = new Option<long>("--max-notebook-mb") { Description = "The largest submitted notebook file read, in MB.", DefaultValueFactory = _ => 64 };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run submissions without the bubblewrap sandbox (only for trusted notebooks: they could read the key and each other's work)." };
        var manual = new Option<string?>("--manual") { Description = "Merge the instructor's marks for written answers (CSV: student,grade_id,points) into OUTDIR's gradebook." };
        var command = new Command("grade", "Autograde submissions against the instructor's key; write a gradebook, feedback and the written answers to mark.")
        {
            submissions, key, output, timeout, total, memory, maxNotebook, jobs, profile, parameters, noSandbox, manual,
        };
        command.SetAction(r => Execute(r.GetValue(key), r.GetValue(submissions) ?? [], r.GetValue(output)!, r.GetValue(manual),
            new Limits(TimeSpan.FromSeconds(r.GetValue(timeout)), TimeSpan.FromSeconds(r.GetValue(total)), r.GetValue(memory))
            {
                MaxNotebookBytes = r.GetValue(maxNotebook) * 1024 * 1024,
            },
            r.GetValue(jobs), r.GetValue(profile), r.GetValue(parameters) ?? [], !r.GetValue(noSandbox)));
        return command;
    }

    private static int Execute(string? key, string[] submissions, string output, string? manual, Limits limits, int jobs, string? profile, string[] parameters,
        bool sandbox)
    {
        try
        {
            if (manual is not null)
            {
                var existing = Path.Combine(output, "gradebook.json");
                if (!File.Exists(existing)) { Console.Error.WriteLine($"labs grade --manual: {existing} does not exist; grade the class first."); return ExitCodes.Usage; }
                var book = new Gradebook(output, "", []);
                var ids = book.Grades.SelectMany(g => g.Cells.Keys).Distinct().ToList();
                book = new Gradebook(output, Gradebook.AssignmentIn(output), ids);
                int merged = book.MergeManual(manual);
                Console.Out.WriteLine($"merged {merged} marks into {book.CsvPath}");
                return ExitCodes.Passed;
            }
            if (key is null) { Console.Error.WriteLine("labs grade: --key INSTRUCTOR_NOTEBOOK is required (or --manual MARKS.csv)."); return ExitCodes.Usage; }
            if (submissions.Length == 0) { Console.Error.WriteLine("labs grade: give at least one submission (a folder or .ipynb per student)."); return ExitCodes.Usage; }
            if (limits.CellTimeout <= TimeSpan.Zero || limits.TotalTimeout <= TimeSpan.Zero || jobs < 1 || limits.MemoryMegabytes < 0 || limits.MaxNotebookBytes <= 0)
            {
                Console.Error.WriteLine("labs grade: --timeout and --total-timeout must be positive, --jobs at least 1, --memory 0 or more, --max-notebook-mb positive.");
                return ExitCodes.Usage;
            }
            var self = SelfInvocation.StartInfo([]);
            var request = new GradeRequest(key, submissions, Path.GetFullPath(output), limits, jobs, new LabsCommand(self.FileName, [.. self.ArgumentList]),
                                           profile, parameters, sandbox);
            var gradebook = Grader.RunAsync(request, Console.Out).GetAwaiter().GetResult();
            Console.Out.WriteLine($"gradebook: {gradebook.CsvPath} ({gradebook.Grades.Count} students); written answers: {Path.Combine(output, "written-answers.html")}");
            return ExitCodes.Passed;
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or NotebookFormatException or ArgumentException
                                   or SandboxUnavailableException or Course.Notebooks.Parameters.ProfileNotFoundException)
        {
            Console.Error.WriteLine($"labs grade: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
