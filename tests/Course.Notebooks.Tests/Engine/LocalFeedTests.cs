using System.IO.Compression;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;
using Course.Notebooks.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Notebooks.Tests.Engine;

/// <summary>
/// What a student release relies on in the engine: a <c>#i "nuget: ../packages"</c> feed relative to the notebook,
/// packages restored ahead of time (labs restore) exactly as the notebook's run then asks for them, and the native
/// fixes of a release folder (marked by labs-release.json) found from its notebooks.
/// </summary>
public sealed class LocalFeedTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("labs-feed-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    /// <summary>A package Tiny.Feed.Labs.Test 1.0.0 whose one class says hello, in a folder feed.</summary>
    private static void WritePackage(string feed)
    {
        Directory.CreateDirectory(feed);
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(':')
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Tiny.Feed.Labs.Test",
            [CSharpSyntaxTree.ParseText("namespace Tiny; public static class Hello { public static string Say() => \"hello from the feed\"; }")],
            refs, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var dll = new MemoryStream();
        Assert.True(compilation.Emit(dll).Success);
        using var zip = ZipFile.Open(Path.Combine(feed, "Tiny.Feed.Labs.Test.1.0.0.nupkg"), ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("Tiny.Feed.Labs.Test.nuspec").Open()))
            writer.Write("""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>Tiny.Feed.Labs.Test</id><version>1.0.0</version><authors>tests</authors><description>test</description>
                    <dependencies><group targetFramework="net10.0" /></dependencies></metadata>
                </package>
                """);
        using (var entry = zip.CreateEntry("lib/net10.0/Tiny.Feed.Labs.Test.dll").Open()) entry.Write(dll.ToArray());
    }

    [Fact]
    public async Task A_relative_feed_is_the_notebooks_and_a_restore_ahead_of_time_serves_the_run_from_the_cache()
    {
        WritePackage(Path.Combine(work, "release", "packages"));
        string folder = Path.Combine(work, "release", "notebooks");
        Directory.CreateDirectory(folder);
        var nb = Run.Notebook("#i \"nuget: ../packages\"\n#r \"nuget: Tiny.Feed.Labs.Test, 1.0.0\"\nTiny.Hello.Say()");
        string path = Path.Combine(folder, "lab.ipynb");
        NotebookFile.Write(nb, path);
        var restorer = new NuGetRestorer(Path.Combine(work, "cache"));

        var ahead = Assert.Single(NotebookPackages.Restore(path, restorer));
        Assert.False(ahead.Resolution.FromCache);
        Assert.Equal("1.0.0", ahead.Resolution.Versions["Tiny.Feed.Labs.Test"]);

        var result = await Run.Execute(nb, new RunOptions { Restorer = restorer }, folder);
        Assert.Equal("hello from the feed", Assert.Single(result.CodeCells()[0].Outputs.OfType("execute_result")).Text());
        // The run asked for the same set with the same (absolute) source: one cache entry, made by the restore ahead of time.
        Assert.Single(Directory.GetDirectories(Path.Combine(work, "cache")));
        Assert.True(Assert.Single(NotebookPackages.Restore(path, restorer)).Resolution.FromCache);
    }

    [Fact]
    public void Sources_are_urls_or_folders_taken_from_the_notebooks_folder()
    {
        Assert.Equal("https://example.org/v3/index.json", NuGetRestorer.ResolveSource("https://example.org/v3/index.json", "/course/notebooks"));
        Assert.Equal("/srv/feed", NuGetRestorer.ResolveSource("/srv/feed", "/course/notebooks"));
        Assert.Equal("/course/packages", NuGetRestorer.ResolveSource("../packages", "/course/notebooks"));
    }

    [Fact]
    public void A_release_folders_native_fixes_are_found_from_its_notebooks()
    {
        string release = Path.Combine(work, "release");
        Directory.CreateDirectory(Path.Combine(release, "notebooks", "part2"));
        Directory.CreateDirectory(Path.Combine(release, "environment", ".native"));
        string replacement = Path.Combine(release, "environment", ".native", "libfixed.so");
        File.WriteAllText(replacement, "");
        File.WriteAllText(Path.Combine(release, "environment", ".native", "native-fixes.json"),
                          $"[{{\"original\": \"/cache/libX.so\", \"replacement\": \"{replacement}\"}}]");
        Assert.Equal("/cache/libX.so", NativeFixes.Discover(Path.Combine(release, "notebooks", "part2")).Map("/cache/libX.so"));   // no marker: not a release

        File.WriteAllText(Path.Combine(release, "labs-release.json"), "{}");

        Assert.Equal(replacement, NativeFixes.Discover(Path.Combine(release, "notebooks", "part2")).Map("/cache/libX.so"));
    }
}
