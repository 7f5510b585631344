namespace Course.Grading.Sandbox;

/// <summary>cgroup v1: a child of this process's own memory and pids cgroups (/sys/fs/cgroup/memory/..., /sys/fs/cgroup/pids/...).</summary>
public sealed class CgroupV1 : CgroupBackend
{
    private readonly string memoryParent, pidsParent;

    private CgroupV1(string memoryParent, string pidsParent) => (this.memoryParent, this.pidsParent) = (memoryParent, pidsParent);

    /// <inheritdoc />
    public override string Name => "cgroup v1 (memory, pids)";

    /// <summary>The backend when both hierarchies are mounted and writable here; else null with the reason in <paramref name="tried"/>.</summary>
    public static CgroupV1? TryCreate(string root, IReadOnlyDictionary<string, string> own, List<string> tried)
    {
        string memory = Path.Combine(root, "memory") + own.GetValueOrDefault("memory", "/");
        string pids = Path.Combine(root, "pids") + own.GetValueOrDefault("pids", "/");
        foreach (var folder in new[] { memory, pids })
        {
            if (!Directory.Exists(folder)) { tried.Add($"cgroup v1: {folder} is not mounted"); return null; }
            string probe = Path.Combine(folder, $"labs-grade-probe-{Environment.ProcessId}");
            try { Directory.CreateDirectory(probe); Directory.Delete(probe); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                tried.Add($"cgroup v1: cannot create a cgroup in {folder} ({e.Message}; run as root)");
                return null;
            }
        }
        return new CgroupV1(memory, pids);
    }

    /// <inheritdoc />
    public override CgroupLease Create(string name, long memoryBytes, int maxTasks)
    {
        string folder = DirectoryName(name), memory = Path.Combine(memoryParent, folder), pids = Path.Combine(pidsParent, folder);
        Directory.CreateDirectory(memory);
        Directory.CreateDirectory(pids);
        if (memoryBytes > 0)
        {
            Write(Path.Combine(memory, "memory.limit_in_bytes"), memoryBytes.ToString());
            // With swap accounting, memory+swap gets the same limit: the submission cannot swap its way past it.
            string memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(memsw)) Write(memsw, memoryBytes.ToString());
        }
        Write(Path.Combine(pids, "pids.max"), maxTasks.ToString());
        return new Lease(memory, pids);
    }

    private sealed class Lease(string memory, string pids) : CgroupLease
    {
        public override System.Diagnostics.ProcessStartInfo Wrap(System.Diagnostics.ProcessStartInfo inner)
            => JoinThenExec(inner, [Path.Combine(memory, "cgroup.procs"), Path.Combine(pids, "cgroup.procs")]);

        public override long PeakBytes => ReadNumber(Path.Combine(memory, "memory.max_usage_in_bytes"));

        public override bool OomKilled => ReadKeyed(Path.Combine(memory, "memory.oom_control")).GetValueOrDefault("oom_kill") > 0;

        public override void KillAll()
        {
            KillListed(Path.Combine(memory, "cgroup.procs"), TimeSpan.FromSeconds(5));
            KillListed(Path.Combine(pids, "cgroup.procs"), TimeSpan.FromSeconds(5));
        }

        public override void Dispose()
        {
            KillAll();
            RemoveDirectories([memory, pids]);
        }
    }
}
