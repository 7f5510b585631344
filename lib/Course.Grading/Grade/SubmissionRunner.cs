using System.Diagnostics;
using System.Globalization;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>How to start the <c>labs</c> executable: a file and the arguments that come before the command.</summary>
public sealed record LabsCommand(string FileName, IReadOnlyList<string> PrefixArguments);

/// <summary>The outcome of running one submission.</summary>
public sealed record SubmissionRun(SubmissionStatus Status, string Reason, Notebook? Executed, TimeSpan Elapsed, long PeakMegabytes);

/// <summary>
/// Runs one prepared submission with <c>labs run</c> in its own process tree, under a per-cell limit (labs run's
/// --timeout), a total limit and a memory limit (resident memory of the whole tree, sampled; the managed heap is
/// also capped so that most overruns surface as an OutOfMemoryException in the cell). Whatever happens, the run
/// ends by the total limit plus a few seconds, and the partial executed notebook is kept.
/// </summary>
public static class SubmissionRunner
{
    public static async Task<SubmissionRun> RunAsync(LabsCommand labs, string notebookPath, string outputFolder, Limits limits,
        CancellationToken cancel = default, string? profile = null, IReadOnlyList<string>? parameters = null)
    {
        Directory.CreateDirectory(outputFolder);
        var psi = new ProcessStartInfo(labs.FileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!,
        };
        foreach (var a in labs.PrefixArguments) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "run", notebookPath, "-o", outputFolder, "--continue-on-error",
                                  "--timeout", limits.CellTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        if (profile is not null) { psi.ArgumentList.Add("--profile"); psi.ArgumentList.Add(profile); }
        foreach (var p in parameters ?? []) { psi.ArgumentList.Add("-p"); psi.ArgumentList.Add(p); }
        if (limits.MemoryMegabytes > 0)
            psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (limits.MemoryMegabytes * 1024 * 1024 * 8 / 10).ToString("X");

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {labs.FileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        long peak = 0;
        SubmissionStatus? stopped = null;
        while (!process.HasExited)
        {
            try { await process.WaitForExitAsync(cancel).WaitAsync(TimeSpan.FromMilliseconds(200), cancel); }
            catch (TimeoutException) { }
            if (process.HasExited) break;
            long rss = ProcessTree.ResidentMegabytes(process.Id);
            peak = Math.Max(peak, rss);
            if (limits.MemoryMegabytes > 0 && rss > limits.MemoryMegabytes) stopped = SubmissionStatus.MemoryLimit;
            else if (clock.Elapsed > limits.TotalTimeout) stopped = SubmissionStatus.TotalTimeout;
            if (stopped is not null)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        string err = await stderr;
        await stdout;
        var executed = FindExecuted(outputFolder, notebookPath);

        var (status, reason) = stopped switch
        {
            SubmissionStatus.MemoryLimit => (SubmissionStatus.MemoryLimit, $"used more than {limits.MemoryMegabytes} MB and was stopped"),
            SubmissionStatus.TotalTimeout => (SubmissionStatus.TotalTimeout, $"ran past the total limit of {limits.TotalTimeout.TotalSeconds:0} s and was stopped"),
            _ => Classify(process.ExitCode, err, limits),
        };
        return new SubmissionRun(status, reason, executed, clock.Elapsed, peak);
    }

    /// <summary>labs run's exit codes: 0 passed, 1 a cell error, 3 a cell timeout, 4 a dead process.</summary>
    private static (SubmissionStatus, string) Classify(int exitCode, string stderr, Limits limits)
    {
        if (stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase))
            return (SubmissionStatus.ProcessDied, "the stack overflowed (infinite recursion?)");
        if (stderr.Contains("OutOfMemory", StringComparison.Ordinal) && exitCode is not (0 or 1))
            return (SubmissionStatus.MemoryLimit, $"ran out of memory (limit {limits.MemoryMegabytes} MB)");
        return exitCode switch
        {
            0 or 1 => (SubmissionStatus.Completed, exitCode == 0 ? "all cells ran" : "all cells ran; some raised errors"),
            3 => (SubmissionStatus.CellTimeout, $"a cell ran past {limits.CellTimeout.TotalSeconds:0} s"),
            _ => (SubmissionStatus.ProcessDied, $"the notebook process ended abnormally (exit code {exitCode}): {LastLine(stderr)}"),
        };
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : lines[^1];
    }

    private static Notebook? FindExecuted(string outputFolder, string notebookPath)
    {
        string expected = Path.Combine(outputFolder, Path.GetFileName(notebookPath));
        string? path = File.Exists(expected) ? expected
            : Directory.EnumerateFiles(outputFolder, "*.ipynb", SearchOption.AllDirectories).FirstOrDefault();
        if (path is null) return null;
        try { return NotebookFile.Read(path); }
        catch (Exception e) when (e is NotebookFormatException or IOException) { return null; }
    }
}

/// <summary>Resident memory of a process and all its descendants, from /proc (Linux); 0 elsewhere.</summary>
internal static class ProcessTree
{
    public static long ResidentMegabytes(int root)
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException) { }
        }
        var tree = new HashSet<int> { root };
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if (tree.Contains(parent) && tree.Add(pid)) grew = true;
        }
        long kb = 0;
        foreach (int pid in tree)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                        kb += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return kb / 1024;
    }
}
