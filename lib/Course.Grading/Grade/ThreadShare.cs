using System.Globalization;

namespace Course.Grading.Grade;

/// <summary>
/// How many threads each submission gets when several are graded at once: the cores this process may use (its CPU
/// affinity, as SLURM and Kubernetes set it) divided by the jobs, at least 1, so <c>--jobs 4</c> on 8 cores gives each
/// submission 2 torch threads instead of 8 (4x oversubscribed). Passed to the worker as LABS_THREADS (the library sets
/// torch's intra-op threads from it), OMP_NUM_THREADS, MKL_NUM_THREADS, OPENBLAS_NUM_THREADS and DOTNET_PROCESSOR_COUNT.
/// </summary>
public static class ThreadShare
{
    /// <summary>The variables that carry the thread count.</summary>
    public static readonly string[] Variables = ["LABS_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "DOTNET_PROCESSOR_COUNT"];

    /// <summary>Threads per submission for <paramref name="jobs"/> at once on <paramref name="cores"/> cores.</summary>
    public static int PerSubmission(int cores, int jobs) => Math.Max(1, cores / Math.Max(1, jobs));

    /// <summary><paramref name="environment"/> with every thread variable set to <paramref name="threads"/>.</summary>
    public static IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> environment, int threads)
    {
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var name in Variables) env[name] = threads.ToString(CultureInfo.InvariantCulture);
        return env;
    }
}
