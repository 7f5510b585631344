using System.Diagnostics;

namespace Course.Grading.Sandbox;

/// <summary>
/// Where this host lets the grader limit a submission's memory and processes, found once by <see cref="Detect"/>:
/// the cgroup v2 unified hierarchy, the v1 memory and pids hierarchies, or a systemd scope (<c>systemd-run --scope</c>,
/// <c>--user</c> when not root). Each submission gets its own cgroup (<see cref="Create"/>), entered before the sandbox
/// starts, so every process the submission makes is counted, limited and killed with it.
/// </summary>
public abstract class CgroupBackend
{
    /// <summary>What the gradebook records, e.g. "cgroup v1 (memory, pids)".</summary>
    public abstract string Name { get; }

    /// <summary>A fresh cgroup named after <paramref name="name"/>, limited to <paramref name="memoryBytes"/> (0: no limit) and <paramref name="maxTasks"/>.</summary>
    public abstract CgroupLease Create(string name, long memoryBytes, int maxTasks);

    /// <summary>
    /// The first backend that works here: v2 under this process's own cgroup (when controllers can be delegated there),
    /// v1 memory+pids under this process's own cgroups, then systemd-run. Null, with the reasons in
    /// <paramref name="tried"/>, when none does.
    /// </summary>
    public static CgroupBackend? Detect(List<string> tried, string root = "/sys/fs/cgroup", string selfCgroup = "/proc/self/cgroup")
    {
        if (!OperatingSystem.IsLinux()) { tried.Add("cgroups exist only on Linux"); return null; }
        var own = OwnCgroups(selfCgroup);
        if (File.Exists(Path.Combine(root, "cgroup.controllers")))
        {
            if (CgroupV2.TryCreate(root, own.GetValueOrDefault("", "/"), tried) is { } v2) return v2;
        }
        else if (CgroupV1.TryCreate(root, own, tried) is { } v1) return v1;
        return SystemdScope.TryCreate(tried);
    }

    /// <summary>This process's cgroup per hierarchy, from /proc/self/cgroup ("memory" → "/a/b"; "" is the v2 hierarchy).</summary>
    public static Dictionary<string, string> OwnCgroups(string selfCgroup = "/proc/self/cgroup")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(selfCgroup)) return result;
        foreach (var line in File.ReadAllLines(selfCgroup))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3) continue;
            foreach (var controller in parts[1].Split(',')) result[controller] = parts[2];
        }
        return result;
    }

    private static int leases;

    /// <summary>
    /// A name safe as a cgroup directory (letters, digits, '-' and '_'), unique per lease: the grader's process id and a
    /// counter, so that two gradings in one process (or a class with two folders that map to one name) never share one.
    /// </summary>
    protected static string DirectoryName(string name)
        => $"labs-grade-{Environment.ProcessId}-{Interlocked.Increment(ref leases)}-"
           + new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    /// <summary>Writes a value to a cgroup control file (no trailing newline, one write, as the kernel wants).</summary>
    protected static void Write(string file, string value) => File.WriteAllText(file, value);

    /// <summary>Reads "key value" lines (memory.events, memory.oom_control) into a map.</summary>
    protected static Dictionary<string, long> ReadKeyed(string file)
    {
        var map = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!File.Exists(file)) return map;
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && long.TryParse(parts[1], out var v)) map[parts[0]] = v;
        }
        return map;
    }

    /// <summary>Reads a number file; 0 when missing or not a number ("max").</summary>
    protected static long ReadNumber(string file)
        => File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), out var v) ? v : 0;

    /// <summary>Sends SIGKILL to every process listed in a cgroup.procs file until it is empty (at most <paramref name="patience"/>).</summary>
    protected static void KillListed(string procsFile, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (File.Exists(procsFile))
        {
            var pids = File.ReadAllLines(procsFile).Select(l => int.TryParse(l, out var p) ? p : 0).Where(p => p > 0).ToList();
            if (pids.Count == 0 || clock.Elapsed > patience) return;
            foreach (var pid in pids)
            {
                try { Process.GetProcessById(pid).Kill(); }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
            Thread.Sleep(20);
        }
    }

    /// <summary>Removes cgroup directories (they must be empty of processes; retried briefly while the kernel lets go).</summary>
    protected static void RemoveDirectories(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
            for (int attempt = 0; attempt < 50 && Directory.Exists(folder); attempt++)
            {
                try { Directory.Delete(folder); }
                catch (IOException) { Thread.Sleep(20); }
                catch (UnauthorizedAccessException) { Thread.Sleep(20); }
            }
    }

    /// <summary>
    /// A start info that enters the cgroup (writes its own pid to each <paramref name="procsFiles"/>) and then execs
    /// <paramref name="inner"/>: the submission is inside before its first instruction runs.
    /// </summary>
    protected static ProcessStartInfo JoinThenExec(ProcessStartInfo inner, IReadOnlyList<string> procsFiles)
    {
        var psi = CopyWithoutArguments(inner, "/bin/sh");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"");
        psi.ArgumentList.Add("labs-cgroup-join");
        foreach (var f in procsFiles) psi.ArgumentList.Add(f);
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(inner.FileName);
        foreach (var a in inner.ArgumentList) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>A start info like <paramref name="inner"/> (streams, folder, environment) for another program.</summary>
    protected static ProcessStartInfo CopyWithoutArguments(ProcessStartInfo inner, string fileName)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false, WorkingDirectory = inner.WorkingDirectory,
            RedirectStandardInput = inner.RedirectStandardInput, RedirectStandardOutput = inner.RedirectStandardOutput,
            RedirectStandardError = inner.RedirectStandardError,
        };
        psi.Environment.Clear();
        foreach (var (k, v) in inner.Environment) psi.Environment[k] = v;
        return psi;
    }
}

/// <summary>One submission's cgroup: how to start a process inside it, what it used, and its removal (killing what is left).</summary>
public abstract class CgroupLease : IDisposable
{
    /// <summary>A start info that runs <paramref name="inner"/> inside this cgroup from its first instruction.</summary>
    public abstract ProcessStartInfo Wrap(ProcessStartInfo inner);

    /// <summary>The most memory the cgroup used, in bytes (0 when the host does not say).</summary>
    public abstract long PeakBytes { get; }

    /// <summary>Whether the kernel killed a process of this cgroup for going over its memory limit.</summary>
    public abstract bool OomKilled { get; }

    /// <summary>Reads what the cgroup used so far while <paramref name="pid"/> (a process inside it) lives; for backends whose cgroup vanishes with its last process.</summary>
    public virtual void Observe(int pid) { }

    /// <summary>Kills every process still in the cgroup.</summary>
    public abstract void KillAll();

    /// <summary>Kills what is left and removes the cgroup.</summary>
    public abstract void Dispose();
}
