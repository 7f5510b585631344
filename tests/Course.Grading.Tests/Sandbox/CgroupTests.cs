using System.Diagnostics;
using Course.Grading.Sandbox;

namespace Course.Grading.Tests.Sandbox;

/// <summary>
/// The cgroup backends: v1 against this machine's hierarchies (the class test grades through it), v2 against a tree
/// of plain files laid out as the kernel's (this machine has no v2 memory controller), both entering the cgroup before
/// the command runs.
/// </summary>
public sealed class CgroupTests : IDisposable
{
    private readonly string fake = Directory.CreateTempSubdirectory("cgroup2-").FullName;

    public void Dispose() => Directory.Delete(fake, recursive: true);

    [Fact]
    public void This_process_cgroups_are_read_per_controller()
    {
        var file = Path.Combine(fake, "self");
        File.WriteAllText(file, "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu,cpuacct:/x\n0::/user.slice/grader\n");
        var own = CgroupBackend.OwnCgroups(file);
        Assert.Equal("/process_api/abc", own["memory"]);
        Assert.Equal("/x", own["cpuacct"]);
        Assert.Equal("/user.slice/grader", own[""]);
    }

    [Fact]
    public void V2_writes_the_limits_and_runs_the_command_inside()
    {
        File.WriteAllText(Path.Combine(fake, "cgroup.controllers"), "cpu io memory pids");
        File.WriteAllText(Path.Combine(fake, "cgroup.subtree_control"), "memory pids");
        var tried = new List<string>();
        var backend = Assert.IsType<CgroupV2>(CgroupV2.TryCreate(fake, "/", tried));
        using var lease = backend.Create("alice", 600L << 20, 512);
        var folder = Directory.GetDirectories(fake).Single();
        Assert.EndsWith("-alice", folder);
        Assert.Equal((600L << 20).ToString(), File.ReadAllText(Path.Combine(folder, "memory.max")));
        Assert.Equal("512", File.ReadAllText(Path.Combine(folder, "pids.max")));

        File.WriteAllText(Path.Combine(folder, "memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        File.WriteAllText(Path.Combine(folder, "memory.peak"), "629145600\n");
        Assert.True(lease.OomKilled);
        Assert.Equal(600L << 20, lease.PeakBytes);

        var psi = lease.Wrap(new ProcessStartInfo("/bin/sh", ["-c", "echo inside $$"]) { RedirectStandardOutput = true });
        using var p = Process.Start(psi)!;
        var said = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal($"inside {File.ReadAllText(Path.Combine(folder, "cgroup.procs")).Trim()}\n", said);   // the pid written first is the command's
    }

    [Fact]
    public void V2_without_the_controllers_is_not_used_and_says_why()
    {
        File.WriteAllText(Path.Combine(fake, "cgroup.controllers"), "cpu io");
        var tried = new List<string>();
        Assert.Null(CgroupV2.TryCreate(fake, "/", tried));
        Assert.Contains("memory and pids controllers are not available", Assert.Single(tried));
    }

    [Fact]
    public void Two_leases_for_one_name_in_one_process_are_two_cgroups()
    {
        // Two gradings in one process (another test, a second class) may hold a student of the same name at once: a
        // shared cgroup would count, limit and kill both together.
        File.WriteAllText(Path.Combine(fake, "cgroup.controllers"), "memory pids");
        File.WriteAllText(Path.Combine(fake, "cgroup.subtree_control"), "memory pids");
        var backend = Assert.IsType<CgroupV2>(CgroupV2.TryCreate(fake, "/", []));
        using var first = backend.Create("hog", 600L << 20, 512);
        using var second = backend.Create("hog", 64L << 20, 64);
        var folders = Directory.GetDirectories(fake).Order().ToList();
        Assert.Equal(2, folders.Count);
        Assert.Equal([64L << 20, 600L << 20], folders.Select(f => long.Parse(File.ReadAllText(Path.Combine(f, "memory.max")))).Order());
        Assert.All(folders, f => Assert.EndsWith("-hog", f));
    }

    [Fact]
    public void The_hosts_backend_stops_a_command_at_its_memory_limit()
    {
        var tried = new List<string>();
        var backend = CgroupBackend.Detect(tried);
        Assert.True(backend is not null, "no cgroup backend on this machine: " + string.Join("; ", tried));
        using var lease = backend.Create("hog", 64L << 20, 64);
        var psi = lease.Wrap(new ProcessStartInfo("/usr/bin/python3", ["-c", "x = bytearray(256 << 20); print(len(x))"]) { RedirectStandardOutput = true, RedirectStandardError = true });
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        Assert.Equal(137, p.ExitCode);   // SIGKILL from the kernel at the limit
        Assert.True(lease.OomKilled);
        Assert.InRange(lease.PeakBytes, 32L << 20, 64L << 20);
    }
}
