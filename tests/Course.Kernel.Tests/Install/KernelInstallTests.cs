using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Kernel.Spec;

namespace Course.Kernel.Tests.Install;

/// <summary>
/// Where `labs kernel install` writes and what `labs kernel list|remove` see: the Jupyter data folders of Linux, macOS
/// and Windows computed by <see cref="JupyterPaths"/>, each compared with what Debian's jupyter_core computes for that
/// OS (Jupyter/jupyter_paths.py), and the commands run for real against a private Jupyter path.
/// </summary>
public sealed class KernelInstallTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), $"kernel-install-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    private static readonly Dictionary<string, string> FakeEnvironment = new()
    {
        ["APPDATA"] = "/c/Users/stu/AppData/Roaming",
        ["PROGRAMDATA"] = "/c/ProgramData",
    };

    private static JsonNode JupyterCore(string os, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Jupyter", "jupyter_paths.py"), os])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var name in new[] { "JUPYTER_DATA_DIR", "JUPYTER_PATH", "XDG_DATA_HOME", "APPDATA", "PROGRAMDATA", "JUPYTER_PREFER_ENV_PATH", "JUPYTER_CONFIG_DIR" })
            psi.Environment.Remove(name);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd(), errors = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "jupyter_core oracle failed: " + errors);
        return JsonNode.Parse(output)!;
    }

    public static TheoryData<JupyterOs, string, string?, string?> Layouts() => new()
    {
        { JupyterOs.Linux, "linux", null, null },
        { JupyterOs.Linux, "linux", "/xdg/data", null },
        { JupyterOs.Linux, "linux", null, "/custom/jupyter" },
        { JupyterOs.MacOs, "darwin", null, null },
        { JupyterOs.MacOs, "darwin", null, "/custom/jupyter" },
        { JupyterOs.Windows, "nt", null, null },
        { JupyterOs.Windows, "nt", null, "/custom/jupyter" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void User_folder_and_search_path_match_jupyter_core_for_each_OS(JupyterOs os, string pythonOs, string? xdg, string? dataDir)
    {
        var environment = new Dictionary<string, string>(FakeEnvironment) { ["HOME"] = "/home/stu", ["JUPYTER_PATH"] = "/extra/one" };
        if (xdg is not null) environment["XDG_DATA_HOME"] = xdg;
        if (dataDir is not null) environment["JUPYTER_DATA_DIR"] = dataDir;
        var ours = new JupyterPaths(os, name => environment.GetValueOrDefault(name), "/home/stu");
        var oracle = JupyterCore(pythonOs, environment);

        static string Slashes(string p) => p.Replace('\\', '/');
        Assert.Equal((string)oracle["user"]!, Slashes(ours.UserDataDir()));
        // jupyter_core adds its own Python's prefix (here /usr) as the environment folder.
        Assert.Equal(oracle["path"]!.AsArray().Select(n => (string)n!), ours.SearchPath(envPrefix: "/usr").Select(Slashes));
    }

    [Fact]
    public void Each_OS_has_its_own_user_folder_with_its_own_separators()
    {
        var env = new Dictionary<string, string> { ["APPDATA"] = @"C:\Users\stu\AppData\Roaming", ["PROGRAMDATA"] = @"C:\ProgramData" };
        Assert.Equal("/home/stu/.local/share/jupyter", new JupyterPaths(JupyterOs.Linux, env.GetValueOrDefault, "/home/stu").UserDataDir());
        Assert.Equal("/Users/stu/Library/Jupyter", new JupyterPaths(JupyterOs.MacOs, env.GetValueOrDefault, "/Users/stu").UserDataDir());
        var windows = new JupyterPaths(JupyterOs.Windows, env.GetValueOrDefault, @"C:\Users\stu");
        Assert.Equal(@"C:\Users\stu\AppData\Roaming\jupyter", windows.UserDataDir());
        Assert.Equal([@"C:\ProgramData\jupyter"], windows.SystemDataDirs());
        Assert.Equal(@"C:\envs\course\share\jupyter", windows.PrefixDataDir(@"C:\envs\course"));
    }

    [Fact]
    public void The_user_folder_on_this_machine_is_the_one_jupyter_paths_reports()
    {
        var psi = new ProcessStartInfo("/usr/bin/jupyter", ["--paths", "--json"]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var reported = JsonNode.Parse(p.StandardOutput.ReadToEnd())!;
        p.WaitForExit();
        Assert.Equal((string)reported["data"]![0]!, JupyterPaths.Current.UserDataDir());
    }

    private (int Code, string Output) Labs(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["HOME"] = Path.Combine(work, "home");
        psi.Environment["JUPYTER_DATA_DIR"] = Path.Combine(work, "user-data");
        psi.Environment["JUPYTER_PATH"] = Path.Combine(work, "prefix", "share", "jupyter");
        psi.Environment["VIRTUAL_ENV"] = Path.Combine(work, "venv");
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Fact]
    public void Install_list_and_remove_work_on_the_user_a_prefix_and_the_sys_prefix_folders()
    {
        var user = Labs("kernel", "install", "--user");
        Assert.True(user.Code == 0, user.Output);
        string userSpec = Path.Combine(work, "user-data", "kernels", "labs-csharp", "kernel.json");
        Assert.True(File.Exists(userSpec), user.Output);
        var spec = JsonNode.Parse(File.ReadAllText(userSpec))!;
        Assert.Equal("C# (labs)", (string?)spec["display_name"]);
        Assert.Equal("C#", (string?)spec["language"]);
        Assert.Equal(["kernel", "start", "-f", "{connection_file}"], spec["argv"]!.AsArray().Select(a => (string)a!).TakeLast(4));

        var onPrefix = Labs("kernel", "install", "--prefix", Path.Combine(work, "prefix"), "--name", "labs-prefix");
        Assert.True(onPrefix.Code == 0, onPrefix.Output);
        var venv = Labs("kernel", "install", "--sys-prefix", "--name", "labs-venv");
        Assert.True(venv.Code == 0, venv.Output);
        Assert.True(File.Exists(Path.Combine(work, "venv", "share", "jupyter", "kernels", "labs-venv", "kernel.json")), venv.Output);
        Assert.Equal(2, Labs("kernel", "install", "--user", "--sys-prefix").Code);

        var list = Labs("kernel", "list");
        Assert.True(list.Code == 0, list.Output);
        Assert.Contains(Path.Combine(work, "user-data", "kernels", "labs-csharp"), list.Output);
        Assert.Contains(Path.Combine(work, "prefix", "share", "jupyter", "kernels", "labs-prefix"), list.Output);
        Assert.Contains(Path.Combine(work, "venv", "share", "jupyter", "kernels", "labs-venv"), list.Output);

        var removed = Labs("kernel", "remove", "labs-prefix");
        Assert.True(removed.Code == 0, removed.Output);
        Assert.False(Directory.Exists(Path.Combine(work, "prefix", "share", "jupyter", "kernels", "labs-prefix")));
        Assert.DoesNotContain("labs-prefix", Labs("kernel", "list").Output);
        var missing = Labs("kernel", "remove", "labs-prefix");
        Assert.Equal(2, missing.Code);
        Assert.Contains("no kernelspec named 'labs-prefix'", missing.Output);
    }
}
