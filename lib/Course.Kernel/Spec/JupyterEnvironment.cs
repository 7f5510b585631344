using System.Diagnostics;

namespace Course.Kernel.Spec;

/// <summary>
/// The Python environment that runs Jupyter, for <c>--sys-prefix</c> (ipykernel's flag: install into the environment of
/// the Jupyter in use): an active virtual environment (VIRTUAL_ENV), else an active conda environment (CONDA_PREFIX),
/// else the <c>sys.prefix</c> of the Python that the <c>jupyter</c> command on PATH runs.
/// </summary>
public static class JupyterEnvironment
{
    /// <summary>The environment's prefix, or null with the reason when there is no Jupyter to ask.</summary>
    public static (string? Prefix, string Why) SysPrefix()
    {
        foreach (var variable in new[] { "VIRTUAL_ENV", "CONDA_PREFIX" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } active) return (active, $"{variable} is set");
        string? jupyter = FindOnPath(OperatingSystem.IsWindows() ? "jupyter.exe" : "jupyter");
        if (jupyter is null) return (null, "no `jupyter` command on PATH and no active virtual or conda environment");
        if (OperatingSystem.IsWindows())   // PREFIX\Scripts\jupyter.exe
            return (Path.GetDirectoryName(Path.GetDirectoryName(jupyter)), $"{jupyter} lies in PREFIX\\Scripts");
        string? python = Shebang(jupyter);
        if (python is null) return (null, $"{jupyter} is not a Python script");
        try
        {
            var psi = new ProcessStartInfo(python[0] == '/' ? python : "python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", "import sys; print(sys.prefix)" }) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            string prefix = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 && prefix.Length > 0 ? (prefix, $"the sys.prefix of {python}, which runs {jupyter}") : (null, $"{python} did not report its sys.prefix");
        }
        catch (System.ComponentModel.Win32Exception e) { return (null, $"{python} could not be started ({e.Message})"); }
    }

    /// <summary>The interpreter a script's <c>#!</c> line names (the first word after <c>env</c>, if it is <c>/usr/bin/env python3</c>).</summary>
    public static string? Shebang(string script)
    {
        string first;
        try { using var reader = new StreamReader(script); first = reader.ReadLine() ?? ""; }
        catch (IOException) { return null; }
        if (!first.StartsWith("#!", StringComparison.Ordinal)) return null;
        var words = first[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return null;
        string program = Path.GetFileName(words[0]) == "env" && words.Length > 1 ? words[1] : words[0];
        return Path.GetFileName(program).StartsWith("python", StringComparison.Ordinal) ? program : null;
    }

    /// <summary>The first file of that name in a PATH folder, or null.</summary>
    public static string? FindOnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
