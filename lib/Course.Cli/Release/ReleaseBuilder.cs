using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Grading.Assign;
using Course.Notebooks.Model;

namespace Course.Cli.Release;

/// <summary>What <c>labs release</c> is asked to make.</summary>
public sealed record ReleaseRequest(string Input, string Output, string? Version, string Platform, bool Build, bool Force);

/// <summary>
/// A self-contained student folder, made from the course repository (see lib/Course.Cli/README.md, "labs release"):
/// <code>
/// setup.sh                 the one set-up command (templates/setup.sh)
/// README.md                for the student
/// labs-release.json        what was released (and the marker the engine and the data paths look for)
/// notebooks/               the student versions (labs assign: stubs, no hidden tests), loading the library as a package
/// packages/                a NuGet feed: Course.Labs (the helper library) and Course.Labs.Cli (the labs tool)
/// environment/             the repository's own check-dotnet.sh, fetch-data.sh (+ data-checksums.txt), fix-native.sh
///                          and the compiled native-fix tool it runs
/// </code>
/// No TorchSharp or libtorch file is copied: the set-up restores them from NuGet into the student's cache.
/// The folder is written beside the output under a temporary name and renamed when complete.
/// </summary>
public static class ReleaseBuilder
{
    /// <summary>The repository scripts a release carries, unchanged.</summary>
    private static readonly string[] EnvironmentFiles = ["check-dotnet.sh", "fetch-data.sh", "fix-native.sh", "data-checksums.txt"];

    /// <summary>Makes the release; returns the notebooks written. Progress goes to <paramref name="log"/>.</summary>
    public static IReadOnlyList<string> Build(ReleaseRequest request, TextWriter log)
    {
        string input = Path.GetFullPath(request.Input);
        string repo = FindRepository(input);
        string output = Path.GetFullPath(request.Output);
        if (IsInside(input, output))
            throw new ReleaseException($"{output} lies inside {input}: write the release somewhere else.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !request.Force)
            throw new ReleaseException($"{output} exists and is not empty: choose a new folder, or add --force to replace it.");
        string version = request.Version ?? $"1.0.0-r{DateTime.UtcNow:yyyyMMddHHmmss}";

        string staging = output.TrimEnd(Path.DirectorySeparatorChar) + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            string feed = Path.Combine(staging, "packages");
            ReleasePackages.Pack(repo, feed, version, request.Build, log);
            string libtorch = request.Platform == ReleasePackages.ThisPlatform()
                ? ReleasePackages.LibtorchPackages[request.Platform]
                : ReleasePackages.TargetPlatform(Path.Combine(feed, $"{LibraryReference.PackageId}.{version}.nupkg"), request.Platform);

            string notebooks = Path.Combine(staging, "notebooks");
            var written = Assigner.Run(input, notebooks);
            foreach (var file in written)
            {
                var nb = NotebookFile.Read(file);
                string feedFromNotebook = Path.GetRelativePath(Path.GetDirectoryName(file)!, feed);
                if (LibraryReference.ToPackage(nb, feedFromNotebook, version) > 0) NotebookFile.Write(nb, file);
            }
            CopyEnvironment(repo, Path.Combine(staging, "environment"));

            string firstLab = Path.GetRelativePath(notebooks, written[0]).Replace('\\', '/');
            WriteTemplate("setup.sh", Path.Combine(staging, "setup.sh"), version, firstLab);
            WriteTemplate("README.md", Path.Combine(staging, "README.md"), version, firstLab);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(staging, "setup.sh"), (UnixFileMode)0b111_101_101);
            var manifest = new JsonObject
            {
                ["version"] = version,
                ["created"] = DateTime.UtcNow.ToString("O"),
                ["libtorch"] = libtorch,
                ["notebooks"] = new JsonArray(written.Select(w => (JsonNode)Path.GetRelativePath(staging, w).Replace('\\', '/')).ToArray()),
            };
            File.WriteAllText(Path.Combine(staging, "labs-release.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
            log.WriteLine($"release {version} ({libtorch}) in {output}: {written.Count} notebooks; students run `bash setup.sh` there.");
            return written.Select(w => Path.Combine(output, Path.GetRelativePath(staging, w))).ToList();
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private static bool IsInside(string folder, string path)
        => path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The course repository (the folder holding Course.sln) at or above <paramref name="input"/>.</summary>
    private static string FindRepository(string input)
    {
        if (!File.Exists(input) && !Directory.Exists(input))
            throw new ReleaseException($"{input}: no such notebook or folder. Give the instructor notebooks (e.g. notebooks/).");
        for (var dir = new DirectoryInfo(Directory.Exists(input) ? input : Path.GetDirectoryName(input)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new ReleaseException($"no Course.sln above {input}: labs release packs the helper library from the course repository, so give notebooks inside it.");
    }

    private static void CopyEnvironment(string repo, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var name in EnvironmentFiles)
            File.Copy(Path.Combine(repo, "environment", name), Path.Combine(target, name));
        // fix-native.sh runs environment/NativeFix/bin/Release/net10.0/native-fix.dll, and rebuilds it only from sources
        // newer than it: the compiled tool alone is carried (no sources), so a student's machine never builds it.
        string tool = Path.Combine(repo, "environment", "NativeFix", "bin", "Release", "net10.0");
        if (!File.Exists(Path.Combine(tool, "native-fix.dll")))
            throw new ReleaseException($"{tool}/native-fix.dll is missing: run `bash environment/fix-native.sh` (or environment/setup.sh) in the repository first.");
        string toolTarget = Path.Combine(target, "NativeFix", "bin", "Release", "net10.0");
        Directory.CreateDirectory(toolTarget);
        foreach (var file in new[] { "native-fix.dll", "native-fix.runtimeconfig.json", "native-fix.deps.json" })
            File.Copy(Path.Combine(tool, file), Path.Combine(toolTarget, file));
    }

    private static void WriteTemplate(string name, string target, string version, string firstLab)
    {
        using var stream = typeof(ReleaseBuilder).Assembly.GetManifestResourceStream($"Release.Templates.{name}")
                           ?? throw new InvalidOperationException($"the release template {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        File.WriteAllText(target, reader.ReadToEnd().Replace("@VERSION@", version).Replace("@FIRST_LAB@", firstLab));
    }
}
