using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Tests.Support;

/// <summary>
/// The original Polyglot C# kernel and document parser (.NET Interactive 1.0.0-beta.26120.1), run as tests/PolyglotOracle in
/// its own process: what it displays for the same cells, and how it parses the same .dib, is what ours must match.
/// </summary>
public static class PolyglotOracle
{
    /// <summary>One thing a cell produced: display, update, return, stdout, stderr, error or failed; its MIME type to value.</summary>
    public sealed record Event(string Type, IReadOnlyDictionary<string, string> Values, string? Message);

    /// <summary>Runs the cells one after another in one C# kernel; the events of each cell.</summary>
    public static List<List<Event>> Run(params string[] cells)
    {
        var request = new JsonObject { ["cells"] = new JsonArray(cells.Select(c => (JsonNode)c).ToArray()) };
        var result = Invoke(["run"], request.ToJsonString());
        return result["cells"]!.AsArray().Select(cell => cell!.AsArray().Select(e => new Event(
            (string)e!["type"]!,
            (e["values"] as JsonArray ?? []).ToDictionary(v => (string)v!["mime"]!, v => (string)v!["value"]!),
            (string?)e["message"])).ToList()).ToList();
    }

    /// <summary>Runs the oracle with the given arguments and standard input; its JSON output.</summary>
    public static JsonNode Invoke(IEnumerable<string> arguments, string? input = null)
    {
        var psi = new ProcessStartInfo(Packages.DotNetHost.Path)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(Dll());
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(input ?? "");
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException("the Polyglot oracle did not finish in 2 minutes"); }
        Assert.True(p.ExitCode == 0, $"the Polyglot oracle failed ({p.ExitCode}): {stderr.Result}");
        return JsonNode.Parse(stdout)!;
    }

    /// <summary>Its text output (e.g. a .dib it wrote).</summary>
    public static string InvokeText(IEnumerable<string> arguments, string input)
    {
        var psi = new ProcessStartInfo(Packages.DotNetHost.Path) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Dll());
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(input);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"the Polyglot oracle failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }

    /// <summary>tests/PolyglotOracle's build output (Course.sln builds it; built apart, it keeps its own .NET Interactive).</summary>
    private static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Course.sln"))) continue;
            var folder = Path.Combine(dir.FullName, "tests", "PolyglotOracle", "bin");
            var dll = new[] { configuration, configuration == "Release" ? "Debug" : "Release" }
                .Select(c => Path.Combine(folder, c, "net10.0", "PolyglotOracle.dll")).FirstOrDefault(File.Exists);
            Assert.True(dll is not null, $"tests/PolyglotOracle is not built: dotnet build tests/PolyglotOracle -c {configuration}");
            return dll!;
        }
        throw new InvalidOperationException("Course.sln not found above the test assembly");
    }
}
