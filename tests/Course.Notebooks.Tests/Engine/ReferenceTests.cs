using System.Diagnostics;
using Course.Notebooks.Dialect;
using Course.Notebooks.Execution;
using Course.Notebooks.Packages;
using Course.Notebooks.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Notebooks.Tests.Engine;

public class ReferenceTests
{
    [Fact]
    public async Task Nuget_reference_restores_loads_and_rejects_a_second_version()
    {
        var cache = Path.Combine(Path.GetTempPath(), "labs-nuget-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new RunOptions { Restorer = new NuGetRestorer(cache), ContinueOnError = true };
            var result = await Run.Fixture("nuget.ipynb", options);
            var cells = result.Notebook.Cells.Where(c => c.IsCode).ToList();
            Assert.Equal("{\"a\":1}", Assert.Single(cells[0].Outputs.OfType("execute_result")).Text());
            Assert.Equal("[2]", Assert.Single(cells[1].Outputs.OfType("execute_result")).Text());
            var conflict = Assert.Single(cells[2].Outputs.OfType("error"));
            Assert.Equal("PackageVersionConflict", (string?)conflict["ename"]);
            Assert.Contains("13.0.3 is already loaded", (string?)conflict["evalue"]);

            // A second resolution of the same set comes from the cache, without starting dotnet.
            var clock = Stopwatch.StartNew();
            var again = new NuGetRestorer(cache).Resolve([new PackageReference("Newtonsoft.Json", "13.0.3")], []);
            Assert.True(again.FromCache);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cached resolution took {clock.Elapsed}");
            Assert.Contains(again.ManagedAssemblies, p => p.EndsWith("Newtonsoft.Json.dll"));
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public async Task Concurrent_resolutions_of_one_set_restore_once()
    {
        var cache = Path.Combine(Path.GetTempPath(), "labs-nuget-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var restorer = new NuGetRestorer(cache);
            var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
                Task.Run(() => restorer.Resolve([new PackageReference("Newtonsoft.Json", "13.0.3")], []))));
            Assert.Equal(1, both.Count(r => r.FromCache));
            Assert.Equal(both[0].ManagedAssemblies, both[1].ManagedAssemblies);
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public async Task A_package_that_does_not_exist_is_a_restore_error_naming_it()
    {
        var cache = Path.Combine(Path.GetTempPath(), "labs-nuget-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var nb = Run.Notebook("#r \"nuget: No.Such.Package.Labs.Test, 1.0.0\"");
            var result = await Run.Execute(nb, new RunOptions { Restorer = new NuGetRestorer(cache) });
            Assert.Equal(RunStatus.Failed, result.Status);
            var error = Assert.Single(result.CodeCells()[0].Outputs.OfType("error"));
            Assert.Equal("PackageRestoreError", (string?)error["ename"]);
            Assert.Contains("No.Such.Package.Labs.Test, 1.0.0", (string?)error["evalue"]);
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public async Task Dll_reference_is_relative_to_the_notebook_and_finds_its_dependencies_in_its_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "labs-dll-test-" + Guid.NewGuid().ToString("N")[..8]);
        var lib = Directory.CreateDirectory(Path.Combine(folder, "lib")).FullName;
        try
        {
            Emit(Path.Combine(lib, "Dep.dll"), "Dep", "public static class Dep { public static int Value => 21; }");
            Emit(Path.Combine(lib, "Helper.dll"), "Helper", "public static class Helper { public static int Twice() => 2 * Dep.Value; }",
                MetadataReference.CreateFromFile(Path.Combine(lib, "Dep.dll")));
            var nb = Run.Notebook("#r \"lib/Helper.dll\"\nHelper.Twice()", "#r \"lib/Missing.dll\"");
            var result = await Run.Execute(nb, new RunOptions { ContinueOnError = true }, folder);
            Assert.Equal("42", Assert.Single(result.CodeCells()[0].Outputs.OfType("execute_result")).Text().Trim());
            var error = Assert.Single(result.CodeCells()[1].Outputs.OfType("error"));
            Assert.Equal("ReferenceError", (string?)error["ename"]);
            Assert.Contains("Missing.dll", (string?)error["evalue"]);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Dll_reference_takes_package_dependencies_from_its_deps_json()
    {
        var folder = Directory.CreateTempSubdirectory("labs-deps-test-").FullName;
        try
        {
            var json = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages",
                "newtonsoft.json", "13.0.3", "lib", "net6.0", "Newtonsoft.Json.dll");
            Assert.True(File.Exists(json), "Newtonsoft.Json 13.0.3 must be in the NuGet cache (the nuget test restores it)");
            Emit(Path.Combine(folder, "UsesJson.dll"), "UsesJson",
                "public static class UsesJson { public static string Of(int[] a) => Newtonsoft.Json.JsonConvert.SerializeObject(a); }",
                MetadataReference.CreateFromFile(json));
            File.WriteAllText(Path.Combine(folder, "UsesJson.deps.json"), """
                {"runtimeTarget": {"name": ".NETCoreApp,Version=v10.0"},
                 "targets": {".NETCoreApp,Version=v10.0": {
                   "UsesJson/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.3"}, "runtime": {"UsesJson.dll": {}}},
                   "Newtonsoft.Json/13.0.3": {"runtime": {"lib/net6.0/Newtonsoft.Json.dll": {}}}}},
                 "libraries": {"UsesJson/1.0.0": {"type": "project"},
                               "Newtonsoft.Json/13.0.3": {"type": "package", "path": "newtonsoft.json/13.0.3"}}}
                """);
            Assert.Equal([json], DepsJson.Read(Path.Combine(folder, "UsesJson.dll")).Managed.Select(Path.GetFullPath));
            var result = await Run.Execute(Run.Notebook("#r \"UsesJson.dll\"\nUsesJson.Of(new[] { 4, 2 })"), folder: folder);
            Assert.Equal(RunStatus.Passed, result.Status);
            Assert.Equal("[4,2]", Assert.Single(result.CodeCells()[0].Outputs.OfType("execute_result")).Text());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Package_folders_come_from_the_deps_json_and_from_the_projects_restore_even_content_only_ones()
    {
        var root = Directory.CreateTempSubdirectory("labs-packages-test-").FullName;
        try
        {
            string packages = Path.Combine(root, "packages"), bin = Path.Combine(root, "proj", "bin", "Release", "net10.0");
            foreach (var package in new[] { "runtime.pkg/1.0.0", "weights.only/2.0.0" }) Directory.CreateDirectory(Path.Combine(packages, package));
            Directory.CreateDirectory(bin);
            Directory.CreateDirectory(Path.Combine(root, "proj", "obj"));
            File.WriteAllText(Path.Combine(bin, "Lib.deps.json"), """
                {"libraries": {"Lib/1.0.0": {"type": "project"},
                               "Runtime.Pkg/1.0.0": {"type": "package", "path": "runtime.pkg/1.0.0"},
                               "Not.Here/3.0.0": {"type": "package", "path": "not.here/3.0.0"}}}
                """);
            // A package restored for its content files only is in project.assets.json, not in the .deps.json.
            File.WriteAllText(Path.Combine(root, "proj", "obj", "project.assets.json"), """
                {"libraries": {"Weights.Only/2.0.0": {"type": "package", "path": "weights.only/2.0.0"},
                               "Other.Project/1.0.0": {"type": "project", "path": "../other/other.csproj"}}}
                """);
            Assert.Equal([Path.Combine(packages, "runtime.pkg/1.0.0"), Path.Combine(packages, "weights.only/2.0.0")],
                DepsJson.PackageFolders(Path.Combine(bin, "Lib.dll"), packages));
            File.WriteAllText(Path.Combine(root, "proj", "obj", "project.assets.json"), "{ not json");
            Assert.Equal([Path.Combine(packages, "runtime.pkg/1.0.0")], DepsJson.PackageFolders(Path.Combine(bin, "Lib.dll"), packages));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void Directives_are_lifted_keeping_line_numbers()
    {
        var d = DirectiveParser.Parse("#!csharp\n#i \"nuget: https://example.org/v3/index.json\"\n#r \"nuget: A.B, 1.2.3\"\n#r \"nuget: C\"\n#r \"x/y.dll\"\nvar z = 1;");
        Assert.Equal([new PackageReference("A.B", "1.2.3"), new PackageReference("C", null)], d.Packages);
        Assert.Equal(["x/y.dll"], d.Assemblies);
        Assert.Equal(["https://example.org/v3/index.json"], d.Sources);
        Assert.Equal("\n\n\n\n\nvar z = 1;", d.Code);
    }

    [Fact]
    public void Malformed_directive_is_an_error_with_its_line()
    {
        var e = Assert.Throws<DirectiveException>(() => DirectiveParser.Parse("var a = 1;\n#r nuget: X"));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Native_fixes_map_originals_to_replacements()
    {
        var folder = Directory.CreateTempSubdirectory("labs-fix-").FullName;
        try
        {
            var replacement = Path.Combine(folder, "libfixed.so");
            File.WriteAllText(replacement, "");
            var json = Path.Combine(folder, "native-fixes.json");
            File.WriteAllText(json, $"[{{\"original\": \"/nowhere/libX.so\", \"replacement\": \"{replacement}\"}}]");
            var fixes = NativeFixes.Load(json);
            Assert.Equal(replacement, fixes.Map("/nowhere/libX.so"));
            Assert.Equal("/nowhere/libY.so", fixes.Map("/nowhere/libY.so"));
            Assert.Equal("LibTorchSharp", LoadHooks.NativeKey("libLibTorchSharp.so"));
            Assert.Equal("c10", LoadHooks.NativeKey("libc10.so.2"));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static void Emit(string path, string name, string code, params MetadataReference[] extra)
    {
        var refs = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(':')
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).Concat(extra);
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
