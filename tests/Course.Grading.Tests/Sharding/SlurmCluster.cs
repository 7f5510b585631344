using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Course.Grading.Tests.Sharding;

/// <summary>
/// A real single-node SLURM cluster for one test: munged, slurmctld and slurmd (Debian's slurm-wlm and munge, which
/// environment/install-test-tools.sh installs) started in the foreground with a configuration in a temporary folder (its
/// own munge key and socket, free ports, state and logs there, proctrack/linuxproc so it needs no cgroup plugin), and
/// stopped, with every job cancelled, when disposed. Commands run against it with <see cref="Run"/>.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("slurm-").FullName;
    public string Config => Path.Combine(Folder, "slurm.conf");
    private readonly List<Process> daemons = [];

    public SlurmCluster()
    {
        foreach (var tool in new[] { "munged", "slurmctld", "slurmd", "sbatch", "squeue" })
            if (Which(tool) is null)
                throw new InvalidOperationException($"{tool} is not installed: run environment/install-test-tools.sh (Debian packages slurm-wlm and munge).");
        string munge = Directory.CreateDirectory(Path.Combine(Folder, "munge")).FullName;
        Directory.CreateDirectory(Path.Combine(Folder, "state"));
        Directory.CreateDirectory(Path.Combine(Folder, "spool"));
        string key = Path.Combine(munge, "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(1024));
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("SLURM runs on Linux.");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);   // munged refuses a key others can read
        File.SetUnixFileMode(munge, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string socket = Path.Combine(munge, "munge.socket");
        Start("munged", "-F", "-f", $"--socket={socket}", $"--key-file={key}", $"--log-file={Path.Combine(Folder, "munged.log")}",
              $"--pid-file={Path.Combine(munge, "munged.pid")}", $"--seed-file={Path.Combine(munge, "seed")}");
        WaitFor(() => File.Exists(socket), "munged's socket", TimeSpan.FromSeconds(20));

        string host = Environment.MachineName.Split('.')[0];
        File.WriteAllText(Config, $"""
            ClusterName=labs-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket={socket}
            CredType=cred/munge
            StateSaveLocation={Path.Combine(Folder, "state")}
            SlurmdSpoolDir={Path.Combine(Folder, "spool")}
            SlurmctldPidFile={Path.Combine(Folder, "slurmctld.pid")}
            SlurmdPidFile={Path.Combine(Folder, "slurmd.pid")}
            SlurmctldLogFile={Path.Combine(Folder, "slurmctld.log")}
            SlurmdLogFile={Path.Combine(Folder, "slurmd.log")}
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            SchedulerType=sched/builtin
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            MpiDefault=none
            ReturnToService=2
            NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} State=UNKNOWN
            PartitionName=grading Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        Start("slurmctld", "-D", "-i");
        Start("slurmd", "-D");
        WaitFor(() => Run("sinfo", "-h", "-o", "%t").Output.Trim() == "idle", "the node to be idle (see " + Folder + "/slurm*.log)", TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a command with this cluster's SLURM_CONF and the given extra environment; its exit code and output.</summary>
    public (int Code, string Output) Run(string file, params string[] args) => Run(file, args, new Dictionary<string, string>());

    public (int Code, string Output) Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SLURM_CONF"] = Config;
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + stderr.Result);
    }

    /// <summary>Waits until none of <paramref name="jobs"/> is queued or running.</summary>
    public void WaitForJobs(IEnumerable<string> jobs, TimeSpan limit)
        => WaitFor(() => Run("squeue", "-h", "-j", string.Join(",", jobs), "-o", "%i").Output.Trim().Length == 0, "the jobs to end", limit);

    /// <summary>The controller's and the node daemon's logs, for failure messages.</summary>
    public string Logs() => string.Join("\n", new[] { "slurmctld.log", "slurmd.log" }.Select(f => Path.Combine(Folder, f)).Where(File.Exists)
        .Select(f => $"--- {Path.GetFileName(f)}\n" + string.Join("\n", File.ReadLines(f).TakeLast(20))));

    private void Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SLURM_CONF"] = Config;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        daemons.Add(p);
    }

    private static void WaitFor(Func<bool> condition, string what, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"waited {limit.TotalSeconds:0} s for {what}");
            Thread.Sleep(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Which(string tool)
        => new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    public void Dispose()
    {
        try { if (daemons.Count > 1) Run("scancel", "--full", "-p", "grading"); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        foreach (var p in Enumerable.Reverse(daemons))
        {
            try { if (!p.HasExited) { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
