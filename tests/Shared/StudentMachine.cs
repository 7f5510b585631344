using System.Diagnostics;
using Course.Notebooks.Packages;

namespace Course.Tests.Shared;

/// <summary>
/// A student's machine for the end-to-end tests: a release made by <c>labs release</c>, copied outside the repository
/// (no Course.sln above it), and its <c>setup.sh</c> run with a fresh HOME. The fresh HOME's NuGet cache starts with
/// hard links to this machine's restored packages (so TorchSharp's 490 MB libtorch is not downloaded again) but never
/// Course.Labs, which must come from the release's own feed; npm reads the machine's npm cache.
/// </summary>
public sealed record StudentMachine(string Course, string Home, IReadOnlyDictionary<string, string> Environment, string SetupOutput)
{
    /// <summary>The `labs` tool the set-up installed.</summary>
    public string Labs => Path.Combine(Home, ".dotnet", "tools", "labs");

    /// <summary>Makes the release from <paramref name="repoRoot"/>'s notebooks with <paramref name="labsDll"/>, sets it up under <paramref name="work"/>.</summary>
    public static StudentMachine SetUp(string labsDll, string repoRoot, string work)
    {
        string built = Path.Combine(work, "built");
        var release = Execute("dotnet", [labsDll, "release", Path.Combine(repoRoot, "notebooks"), "-o", built, "--no-build"], repoRoot);
        if (release.Code != 0) throw new InvalidOperationException("labs release failed:\n" + release.Output);
        string course = Path.Combine(work, "student", "course");
        Directory.CreateDirectory(Path.GetDirectoryName(course)!);
        var copy = Execute("cp", ["-r", built, course], work);
        if (copy.Code != 0) throw new InvalidOperationException(copy.Output);
        for (var dir = new DirectoryInfo(course); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) throw new InvalidOperationException($"{dir.FullName} holds Course.sln");

        string home = Path.Combine(work, "student", "home");
        string machinePackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                                 ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string packages = Path.Combine(home, ".nuget", "packages");
        Directory.CreateDirectory(packages);
        var seeded = Directory.GetDirectories(machinePackages).Where(d => !Path.GetFileName(d).StartsWith("course.labs", StringComparison.Ordinal)).ToList();
        var link = Execute("cp", ["-al", .. seeded, packages], work);
        if (link.Code != 0) throw new InvalidOperationException("could not link the machine's NuGet packages: " + link.Output);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["PATH"] = $"{Path.GetDirectoryName(DotNetHost.Path)}:/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            ["TMPDIR"] = Path.GetTempPath(),
        };
        string npmCache = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".npm");
        if (Directory.Exists(npmCache)) environment["npm_config_cache"] = npmCache;

        var setup = Execute("bash", [Path.Combine(course, "setup.sh")], Path.GetDirectoryName(course)!, environment, clearEnvironment: true);
        if (setup.Code != 0) throw new InvalidOperationException("setup.sh failed:\n" + setup.Output);
        return new StudentMachine(course, home, environment, setup.Output);
    }

    /// <summary>Runs a program to completion; returns its exit code and its output and errors together.</summary>
    public static (int Code, string Output) Execute(string file, IEnumerable<string> args, string folder, IReadOnlyDictionary<string, string>? environment = null,
                                                    bool clearEnvironment = false, int timeoutMinutes = 10)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        if (clearEnvironment) psi.Environment.Clear();
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(timeoutMinutes)))
        {
            p.Kill(entireProcessTree: true);
            return (124, $"{file} {string.Join(' ', args)} did not finish in {timeoutMinutes} min:\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
