using System.Diagnostics;

namespace Course.Grading.Sandbox;

/// <summary>
/// A transient systemd scope per submission (<c>systemd-run --scope</c>, with <c>--user</c> when not root), for hosts
/// where systemd owns the cgroup tree: MemoryMax, MemorySwapMax=0 and TasksMax are set on the scope, which systemd
/// removes once its last process ends. The peak and the OOM kill are read from the scope's cgroup while it lives
/// (<see cref="CgroupLease.Observe"/>), and a death by SIGKILL at the limit counts as the memory limit.
/// </summary>
public sealed class SystemdScope : CgroupBackend
{
    private readonly bool user;

    private SystemdScope(bool user) => this.user = user;

    /// <inheritdoc />
    public override string Name => user ? "systemd user scope (MemoryMax, TasksMax)" : "systemd scope (MemoryMax, TasksMax)";

    /// <summary>The backend when systemd-run can start a scope here; else null with the reason.</summary>
    public static SystemdScope? TryCreate(List<string> tried)
    {
        bool user = Environment.UserName != "root";
        if (!File.Exists("/usr/bin/systemd-run") || !Directory.Exists("/run/systemd/system"))
        {
            tried.Add("systemd-run: systemd is not running on this host");
            return null;
        }
        var probe = new ProcessStartInfo("/usr/bin/systemd-run") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in Arguments(user, "labs-grade-probe-" + Environment.ProcessId, 64 << 20, 16)) probe.ArgumentList.Add(a);
        probe.ArgumentList.Add("/bin/true");
        using var p = Process.Start(probe)!;
        var error = p.StandardError.ReadToEndAsync();
        if (p.WaitForExit(TimeSpan.FromSeconds(15)) && p.ExitCode == 0) return new SystemdScope(user);
        try { p.Kill(); } catch (InvalidOperationException) { }
        tried.Add($"systemd-run{(user ? " --user" : "")} --scope failed: {error.Result.Trim()}");
        return null;
    }

    private static IEnumerable<string> Arguments(bool user, string unit, long memoryBytes, int maxTasks)
    {
        if (user) yield return "--user";
        foreach (var a in new[] { "--scope", "--quiet", "--collect", "--unit", unit, "-p", $"TasksMax={maxTasks}" }) yield return a;
        if (memoryBytes > 0) { yield return "-p"; yield return $"MemoryMax={memoryBytes}"; yield return "-p"; yield return "MemorySwapMax=0"; }
        yield return "--";
    }

    /// <inheritdoc />
    public override CgroupLease Create(string name, long memoryBytes, int maxTasks) => new Lease(this, DirectoryName(name), memoryBytes, maxTasks);

    private sealed class Lease(SystemdScope backend, string unit, long memoryBytes, int maxTasks) : CgroupLease
    {
        private long peak;
        private bool oom;
        private string? folder;

        public override ProcessStartInfo Wrap(ProcessStartInfo inner)
        {
            var psi = CopyWithoutArguments(inner, "/usr/bin/systemd-run");
            foreach (var a in Arguments(backend.user, unit, memoryBytes, maxTasks)) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(inner.FileName);
            foreach (var a in inner.ArgumentList) psi.ArgumentList.Add(a);
            return psi;
        }

        public override void Observe(int pid)
        {
            try
            {
                folder ??= "/sys/fs/cgroup" + File.ReadAllLines($"/proc/{pid}/cgroup").First(l => l.StartsWith("0::", StringComparison.Ordinal))[3..];
                peak = Math.Max(peak, ReadNumber(Path.Combine(folder, "memory.peak")));
                oom |= ReadKeyed(Path.Combine(folder, "memory.events")).GetValueOrDefault("oom_kill") > 0;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { }
        }

        public override long PeakBytes => peak;

        public override bool OomKilled => oom;

        public override void KillAll()
        {
            var psi = new ProcessStartInfo("systemctl") { RedirectStandardError = true, RedirectStandardOutput = true };
            if (backend.user) psi.ArgumentList.Add("--user");
            foreach (var a in new[] { "kill", "--signal=SIGKILL", unit + ".scope" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi);
            p?.WaitForExit(TimeSpan.FromSeconds(10));
        }

        public override void Dispose() => KillAll();
    }
}
