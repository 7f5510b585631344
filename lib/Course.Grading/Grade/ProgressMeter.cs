using System.Diagnostics;

namespace Course.Grading.Grade;

/// <summary>
/// The progress line of each finished student: "[shard 1/4 ]12/40, about 3 min left", the time left estimated from the
/// run's wall time so far (so parallel jobs are counted as they really overlap).
/// </summary>
public sealed class ProgressMeter(int total, string prefix = "")
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int done;

    /// <summary>Counts one more finished student and returns the line's prefix.</summary>
    public string Finished()
    {
        int n = Interlocked.Increment(ref done);
        double left = clock.Elapsed.TotalSeconds / n * (total - n);
        return $"[{prefix}{n}/{total}, {(n == total ? "done" : "about " + Duration(left) + " left")}]";
    }

    /// <summary>A short duration: 42 s, 3.5 min, 2.1 h.</summary>
    public static string Duration(double seconds)
        => seconds < 90 ? $"{seconds:0} s" : seconds < 5400 ? $"{seconds / 60:0.#} min" : $"{seconds / 3600:0.#} h";
}
