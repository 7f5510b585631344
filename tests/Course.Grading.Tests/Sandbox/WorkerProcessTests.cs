using System.Diagnostics;
using Course.Grading.Sandbox;

namespace Course.Grading.Tests.Sandbox;

/// <summary>The grader's side of a worker's process: bounded standard error, deadlines on every wait.</summary>
public sealed class WorkerProcessTests
{
    private static readonly Dictionary<string, string> Env = new() { ["PATH"] = "/usr/bin:/bin" };

    [Fact]
    public async Task Standard_error_keeps_exactly_its_last_bytes_however_much_is_written()
    {
        using var worker = WorkerProcess.Start(["/bin/sh", "-c", "seq 1 200000 >&2; seq 1 3 >&2"], Env, "/", null, 1 << 16);
        Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200);
        string expected = string.Concat(Enumerable.Range(1, 200000).Select(i => i + "\n")) + "1\n2\n3\n";
        Assert.Equal(expected.Length, worker.ErrorBytes);
        Assert.Equal("…" + expected[^WorkerProcess.TailBytes..], worker.ErrorTail);
    }

    [Fact]
    public async Task Waiting_on_a_process_that_never_ends_returns_by_its_deadline_and_dispose_kills_it()
    {
        var worker = WorkerProcess.Start(["/bin/sleep", "300"], Env, "/", null, 1 << 16);
        var clock = Stopwatch.StartNew();
        Assert.Null(await worker.WaitAsync(TimeSpan.FromSeconds(1)));
        int pid = worker.Id;
        worker.Dispose();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), "the process outlived Dispose");
    }
}
