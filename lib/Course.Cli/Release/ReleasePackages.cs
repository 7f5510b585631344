using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Course.Notebooks.Packages;

namespace Course.Cli.Release;

/// <summary>
/// The two packages of a release's feed, made with <c>dotnet pack</c> from the course repository: the helper library
/// (Course.Labs; its dependencies, TorchSharp and libtorch included, are restored from NuGet by the student's set-up,
/// not copied) and the <c>labs</c> command as a .NET tool (Course.Labs.Cli).
/// </summary>
public static class ReleasePackages
{
    /// <summary>The package id of the <c>labs</c> tool.</summary>
    public const string ToolPackageId = "Course.Labs.Cli";

    /// <summary>The libtorch package for each platform a release can target; "all" takes libtorch-cpu, which brings every one.</summary>
    public static readonly IReadOnlyDictionary<string, string> LibtorchPackages = new Dictionary<string, string>
    {
        ["linux-x64"] = "libtorch-cpu-linux-x64",
        ["osx-arm64"] = "libtorch-cpu-osx-arm64",
        ["win-x64"] = "libtorch-cpu-win-x64",
        ["all"] = "libtorch-cpu",
    };

    /// <summary>Packs both packages into <paramref name="feed"/>; <paramref name="build"/> false packs the existing Release builds.</summary>
    public static void Pack(string repoRoot, string feed, string version, bool build, TextWriter log)
    {
        Pack(repoRoot, Path.Combine("lib", "Course.Labs"), feed, version, build, [], log);
        Pack(repoRoot, Path.Combine("lib", "Course.Cli"), feed, version, build,
             ["-p:PackAsTool=true", "-p:ToolCommandName=labs", $"-p:PackageId={ToolPackageId}"], log);
    }

    private static void Pack(string repoRoot, string project, string feed, string version, bool build, string[] extra, TextWriter log)
    {
        log.WriteLine($"packing {project} {version}...");
        var psi = new ProcessStartInfo(DotNetHost.Path)
        {
            WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "pack", project, "-c", "Release", "-o", feed, $"-p:PackageVersion={version}", "-nologo", "-v", "q" }
                     .Concat(build ? [] : ["--no-build"]).Concat(extra))
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi) ?? throw new ReleaseException("could not start `dotnet pack`.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new ReleaseException($"`dotnet pack {project}` failed (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}".TrimEnd()
                                       + (build ? "" : "\nWithout --no-build, labs release builds it first."));
    }

    /// <summary>
    /// Makes the library package depend on the libtorch of <paramref name="platform"/> (a key of
    /// <see cref="LibtorchPackages"/>) instead of the build machine's; returns the libtorch package now depended on.
    /// </summary>
    public static string TargetPlatform(string nupkg, string platform)
    {
        if (!LibtorchPackages.TryGetValue(platform, out var wanted))
            throw new ReleaseException($"--os {platform} is not known: use {string.Join(", ", LibtorchPackages.Keys)}.");
        using var zip = ZipFile.Open(nupkg, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        XDocument nuspec;
        using (var stream = entry.Open()) nuspec = XDocument.Load(stream);
        var libtorch = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency" && ((string?)e.Attribute("id") ?? "").StartsWith("libtorch-", StringComparison.Ordinal)).ToList();
        if (libtorch.Count == 0) throw new ReleaseException($"{nupkg} depends on no libtorch package: was Course.Labs built with UsesTorchSharp?");
        foreach (var dependency in libtorch) dependency.SetAttributeValue("id", wanted);
        foreach (var duplicate in libtorch.Skip(1)) duplicate.Remove();
        entry.Delete();
        using (var stream = zip.CreateEntry(entry.FullName).Open()) nuspec.Save(stream);
        return wanted;
    }

    /// <summary>The platform key of this machine's libtorch (what a release built here depends on by default).</summary>
    public static string ThisPlatform()
        => OperatingSystem.IsWindows() ? "win-x64" : OperatingSystem.IsMacOS() ? "osx-arm64" : "linux-x64";
}

/// <summary>A release that cannot be made; the message says why and what to do.</summary>
public sealed class ReleaseException(string message) : Exception(message);
