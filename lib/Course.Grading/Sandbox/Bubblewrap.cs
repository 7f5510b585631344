using System.Diagnostics;

namespace Course.Grading.Sandbox;

/// <summary>
/// The sandbox: bubblewrap (<c>bwrap</c>) with new user, PID, mount, network, IPC, UTS and cgroup namespaces, no
/// capabilities, an unprivileged uid, <c>--die-with-parent</c> and <c>--new-session</c>; a root that holds only /usr
/// (and the /lib, /bin links), the few /etc files the runtime reads, a fresh /proc, a minimal /dev, size-capped tmpfs
/// at /tmp and at the work folder, and the <see cref="SandboxView"/>'s read-only views. The worker is its PID 1's only
/// child: when it ends, the kernel ends every process left in the namespace.
/// </summary>
public sealed class Bubblewrap
{
    /// <summary>The /etc files the .NET runtime, ICU and fontconfig read (those present are shown read-only).</summary>
    public static readonly string[] EtcFiles = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/fonts", "/etc/nsswitch.conf"];

    /// <summary>Where bwrap is looked for.</summary>
    public static readonly string[] DefaultPaths = ["/usr/bin/bwrap", "/usr/local/bin/bwrap", "/bin/bwrap"];

    /// <summary>The uid and gid code runs as inside (nobody).</summary>
    public const int Uid = 65534;

    private Bubblewrap(string path, string version) => (Path, Version) = (path, version);

    /// <summary>The bwrap executable.</summary>
    public string Path { get; }

    /// <summary>Its version line ("bubblewrap 0.8.0").</summary>
    public string Version { get; }

    /// <summary>What the gradebook records.</summary>
    public string Description => $"{Version} (user, pid, mount, net, ipc, uts namespaces; uid {Uid}; no capabilities)";

    /// <summary>
    /// bwrap when it is installed (at the first of <paramref name="candidates"/>, default <see cref="DefaultPaths"/>) and can
    /// make the sandbox here (it is tried on /bin/true); else null with what was wrong in <paramref name="tried"/>.
    /// </summary>
    public static Bubblewrap? Find(List<string> tried, IReadOnlyList<string>? candidates = null)
    {
        if (!OperatingSystem.IsLinux()) { tried.Add("bubblewrap: runs on Linux only"); return null; }
        var path = (candidates ?? DefaultPaths).FirstOrDefault(File.Exists);
        if (path is null) { tried.Add("bubblewrap: bwrap is not installed"); return null; }
        var (code, output) = RunQuick(path, ["--version"]);
        var bwrap = new Bubblewrap(path, code == 0 ? output.Trim() : "bubblewrap");
        var probe = bwrap.Arguments(new SandboxView([], "/tmp/labs-probe", "probe.ipynb", new Dictionary<string, string>(), ["/bin/true"]), 64, null);
        var (probeCode, probeOutput) = RunQuick(path, probe);
        if (probeCode == 0) return bwrap;
        tried.Add($"bubblewrap: {path} could not make a sandbox here ({probeOutput.Trim()}); unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1), or run as root");
        return null;
    }

    private static (int Code, string Output) RunQuick(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromSeconds(20))) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, output + err.Result);
    }

    /// <summary>
    /// The bwrap arguments that run <see cref="SandboxView.WorkerCommand"/> in <paramref name="view"/>, with tmpfs capped
    /// at <paramref name="tmpfsMegabytes"/> and <paramref name="notebook"/> (a host file) shown as the work folder's notebook.
    /// </summary>
    public IReadOnlyList<string> Arguments(SandboxView view, long tmpfsMegabytes, string? notebook)
    {
        var a = new List<string>
        {
            "--unshare-all", "--unshare-user", "--uid", Uid.ToString(), "--gid", Uid.ToString(), "--disable-userns",
            "--die-with-parent", "--new-session", "--hostname", "labs-sandbox", "--cap-drop", "ALL", "--clearenv",
            "--ro-bind", "/usr", "/usr",
        };
        foreach (var top in new[] { "/lib", "/lib64", "/lib32", "/bin", "/sbin" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) a.AddRange(["--symlink", target, top]);
            else if (Directory.Exists(top)) a.AddRange(["--ro-bind", top, top]);
        }
        foreach (var etc in EtcFiles.Where(p => File.Exists(p) || Directory.Exists(p))) a.AddRange(["--ro-bind", etc, etc]);
        a.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        string size = (Math.Max(16, tmpfsMegabytes) * 1024 * 1024).ToString();
        a.AddRange(["--size", size, "--tmpfs", "/tmp"]);
        // Shallow mounts first, so that a view inside another (or inside the work folder) lands on top of it.
        var mounts = view.ReadOnly.Select(b => (Depth: Depth(b.Destination), Args: new[] { "--ro-bind", b.Source, b.Destination }))
            .Append((Depth: Depth(view.WorkFolder), Args: new[] { "--size", size, "--tmpfs", view.WorkFolder }))
            .OrderBy(m => m.Depth);
        foreach (var (_, args) in mounts) a.AddRange(args);
        if (notebook is not null) a.AddRange(["--ro-bind", notebook, System.IO.Path.Combine(view.WorkFolder, view.NotebookName)]);
        foreach (var (name, value) in view.Environment) a.AddRange(["--setenv", name, value]);
        a.AddRange(["--chdir", view.WorkFolder, "--"]);
        a.AddRange(view.WorkerCommand);
        return a;
    }

    private static int Depth(string path) => path.Count(c => c == '/');
}
