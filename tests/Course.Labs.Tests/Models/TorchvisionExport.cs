using System.Diagnostics;
using System.Text;

namespace Course.Labs.Tests.Models;

/// <summary>Runs lib/Course.Labs/Weights/export_torchvision.py with Debian's /usr/bin/python3 (torch and torchvision from environment/test-packages.txt).</summary>
internal static class TorchvisionExport
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The script in the source tree (found above the test binaries by Course.sln).</summary>
    public static string Script { get; } = FindScript();

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln")))
                return Path.Combine(dir.FullName, "lib", "Course.Labs", "Weights", "export_torchvision.py");
        throw new DirectoryNotFoundException($"No Course.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Starts the script (one thread for torch); its standard error is collected as it comes, standard input and output are left to the caller.</summary>
    public static (Process Process, StringBuilder Stderr) Start(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(Python), $"{Python} not found: install the Debian packages in environment/test-packages.txt");
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        var stderr = new StringBuilder();
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        return (process, stderr);
    }

    /// <summary>Runs the script to the end and fails the test, with its error output, when it fails.</summary>
    public static void Run(params string[] arguments)
    {
        var (process, stderr) = Start(arguments);
        using (process)
        {
            process.StandardInput.Close();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"export_torchvision.py {string.Join(' ', arguments)} failed:\n{stderr}");
        }
    }

    /// <summary>Stops the script if it still runs (a test that failed half-way).</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited) { process.Kill(entireProcessTree: true); process.WaitForExit(); }
        process.Dispose();
    }
}
