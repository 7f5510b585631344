namespace Course.Grading.Sandbox;

/// <summary>
/// cgroup v2 (the unified hierarchy at /sys/fs/cgroup): submissions get children of this process's own cgroup, with
/// the memory and pids controllers delegated there. A cgroup with processes cannot hand controllers to children, so
/// the grader first moves itself into a leaf of its own (labs-grader-PID); when other processes share its cgroup,
/// this backend is not used (systemd-run, or a cgroup made for the grader, is the way then).
/// </summary>
public sealed class CgroupV2 : CgroupBackend
{
    private readonly string parent;

    private CgroupV2(string parent) => this.parent = parent;

    /// <inheritdoc />
    public override string Name => "cgroup v2 (memory, pids)";

    /// <summary>The backend when memory and pids can be delegated below this process's cgroup; else null with the reason.</summary>
    public static CgroupV2? TryCreate(string root, string own, List<string> tried)
    {
        string ownFolder = Path.Combine(root, own.TrimStart('/'));
        string controllers = Path.Combine(ownFolder, "cgroup.controllers");
        if (!File.Exists(controllers) || !HasBoth(File.ReadAllText(controllers)))
        {
            tried.Add($"cgroup v2: the memory and pids controllers are not available in {ownFolder}");
            return null;
        }
        string subtree = Path.Combine(ownFolder, "cgroup.subtree_control");
        try
        {
            if (HasBoth(File.ReadAllText(subtree)) || TryEnable(subtree)) return new CgroupV2(ownFolder);
            // Our own cgroup holds processes (this one at least): move this process to a leaf, then delegate.
            string leaf = Path.Combine(ownFolder, $"labs-grader-{Environment.ProcessId}");
            Directory.CreateDirectory(leaf);
            Write(Path.Combine(leaf, "cgroup.procs"), Environment.ProcessId.ToString());
            if (TryEnable(subtree)) return new CgroupV2(ownFolder);
            Write(Path.Combine(ownFolder, "cgroup.procs"), Environment.ProcessId.ToString());
            RemoveDirectories([leaf]);
            tried.Add($"cgroup v2: {ownFolder} holds other processes, so it cannot delegate memory and pids to submissions " +
                      "(run labs grade in a cgroup of its own, e.g. `systemd-run --scope -p Delegate=yes labs grade ...`)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            tried.Add($"cgroup v2: cannot write to {ownFolder} ({e.Message}; run as root or in a delegated cgroup)");
        }
        return null;
    }

    private static bool HasBoth(string list)
    {
        var names = list.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return names.Contains("memory") && names.Contains("pids");
    }

    private static bool TryEnable(string subtree)
    {
        try { Write(subtree, "+memory +pids"); return HasBoth(File.ReadAllText(subtree)); }
        catch (IOException) { return false; }   // EBUSY: the cgroup has processes of its own
    }

    /// <inheritdoc />
    public override CgroupLease Create(string name, long memoryBytes, int maxTasks)
    {
        string folder = Path.Combine(parent, DirectoryName(name));
        Directory.CreateDirectory(folder);
        if (memoryBytes > 0)
        {
            Write(Path.Combine(folder, "memory.max"), memoryBytes.ToString());
            string swap = Path.Combine(folder, "memory.swap.max");
            if (File.Exists(swap)) Write(swap, "0");
        }
        Write(Path.Combine(folder, "pids.max"), maxTasks.ToString());
        return new Lease(folder);
    }

    private sealed class Lease(string folder) : CgroupLease
    {
        public override System.Diagnostics.ProcessStartInfo Wrap(System.Diagnostics.ProcessStartInfo inner)
            => JoinThenExec(inner, [Path.Combine(folder, "cgroup.procs")]);

        public override long PeakBytes => ReadNumber(Path.Combine(folder, "memory.peak"));

        public override bool OomKilled => ReadKeyed(Path.Combine(folder, "memory.events")).GetValueOrDefault("oom_kill") > 0;

        public override void KillAll()
        {
            string kill = Path.Combine(folder, "cgroup.kill");   // Linux 5.14+: the kernel kills every process at once
            if (File.Exists(kill))
            {
                try { Write(kill, "1"); }
                catch (IOException) { }
            }
            KillListed(Path.Combine(folder, "cgroup.procs"), TimeSpan.FromSeconds(5));
        }

        public override void Dispose()
        {
            KillAll();
            RemoveDirectories([folder]);
        }
    }
}
