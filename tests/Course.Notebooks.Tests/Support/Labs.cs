using System.Diagnostics;
using Course.Notebooks.Packages;

namespace Course.Notebooks.Tests.Support;

/// <summary>Runs the `labs` program (copied beside the tests) as a real process.</summary>
public static class Labs
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(3), args);

    public static Result Run(TimeSpan timeout, params string[] args) => Run(timeout, new Dictionary<string, string>(), args);

    /// <summary>Runs labs with <paramref name="environment"/> added to this process's environment.</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(DotNetHost.Path)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (name, value) in environment) psi.Environment[name] = value;
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "labs.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"labs did not finish in {timeout.TotalMinutes:0} minutes"); }
        return new Result(p.ExitCode, stdout, stderr.Result);
    }

    public static string NewOutputFolder() => Directory.CreateTempSubdirectory("labs-cli-test-").FullName;
}
