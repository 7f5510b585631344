using System.Diagnostics;
using System.Text.Json;
using Course.Kernel.Engine;
using Course.Kernel.Protocol;

namespace Course.Kernel.Tests;

/// <summary>
/// A kernel whose front end dies without a shutdown request ends by itself, as ipykernel does with JPY_PARENT_PID:
/// the real `labs kernel start` process, its "front end" a process the test kills.
/// </summary>
public sealed class ParentProcessTests
{
    private static Process Sleeper() => Process.Start(new ProcessStartInfo("sleep", ["120"]))!;

    [Fact]
    public void The_watcher_reports_once_when_the_watched_process_ends_and_not_before()
    {
        using var parent = Sleeper();
        int calls = 0;
        string? reason = null;
        using var watcher = new ParentProcessWatcher(parent.Id, r => { reason = r; Interlocked.Increment(ref calls); }, TimeSpan.FromMilliseconds(50));
        Thread.Sleep(400);
        Assert.True(watcher.ParentAlive);
        Assert.Equal(0, calls);
        parent.Kill();
        parent.WaitForExit();
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref calls) == 0 && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Thread.Sleep(300);
        Assert.Equal(1, calls);
        Assert.Contains($"process {parent.Id}", reason);
        Assert.False(watcher.ParentAlive);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("not-a-pid")]
    public void No_watcher_when_the_variable_names_no_process(string? value)
    {
        string? before = Environment.GetEnvironmentVariable(ParentProcessWatcher.Variable);
        try
        {
            Environment.SetEnvironmentVariable(ParentProcessWatcher.Variable, value);
            Assert.Null(ParentProcessWatcher.FromEnvironment(_ => { }, TimeSpan.FromSeconds(1)));
        }
        finally { Environment.SetEnvironmentVariable(ParentProcessWatcher.Variable, before); }
    }

    [Fact]
    public void A_kernel_whose_front_end_was_killed_shuts_down_and_says_why()
    {
        string work = Directory.CreateTempSubdirectory("parent-").FullName;
        try
        {
            string connectionFile = Path.Combine(work, "kernel.json");
            File.WriteAllText(connectionFile, JsonSerializer.Serialize(new ConnectionInfo
            {
                ShellPort = KernelFixture.FreePort(), IopubPort = KernelFixture.FreePort(), StdinPort = KernelFixture.FreePort(),
                ControlPort = KernelFixture.FreePort(), HeartbeatPort = KernelFixture.FreePort(),
                Key = Guid.NewGuid().ToString(), KernelName = "labs-parent-test",
            }));
            using var frontEnd = Sleeper();
            string log = Path.Combine(work, "kernel.log");
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll"), "kernel", "start", "-f", connectionFile])
            {
                RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = work,
            };
            psi.Environment[ParentProcessWatcher.Variable] = frontEnd.Id.ToString();
            psi.Environment["LABS_KERNEL_LOG"] = log;
            using var kernel = Process.Start(psi)!;
            kernel.OutputDataReceived += (_, _) => { };
            kernel.ErrorDataReceived += (_, _) => { };
            kernel.BeginOutputReadLine();
            kernel.BeginErrorReadLine();
            try
            {
                var clock = Stopwatch.StartNew();
                while (!(File.Exists(log) && File.ReadAllText(log).Contains("listening")) && clock.Elapsed < TimeSpan.FromSeconds(120)) Thread.Sleep(200);
                Assert.True(File.Exists(log) && File.ReadAllText(log).Contains("listening"), "the kernel did not start: " + (File.Exists(log) ? File.ReadAllText(log) : "no log"));
                Assert.False(kernel.WaitForExit(2000), "the kernel ended while its front end was alive");

                frontEnd.Kill();
                frontEnd.WaitForExit();
                Assert.True(kernel.WaitForExit(30_000), "the kernel outlived its front end by 30 s:\n" + File.ReadAllText(log));
                Assert.Equal(0, kernel.ExitCode);
                Assert.Contains($"the front end that started it (process {frontEnd.Id}, JPY_PARENT_PID) has ended; shutting down", File.ReadAllText(log));
            }
            finally { if (!kernel.HasExited) kernel.Kill(true); }
        }
        finally { Directory.Delete(work, recursive: true); }
    }
}
