namespace Course.Notebooks.Contract;

/// <summary>
/// The exit codes of <c>labs</c> and of the processes it starts for notebooks (<c>labs run-one</c>, the grading
/// worker); a run of several notebooks exits with the worst one (dead, timeout, error).
/// </summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int CellError = 1;
    public const int Usage = 2;
    public const int Timeout = 3;
    public const int DeadProcess = 4;

    /// <summary>The code for a whole run: any dead process, else any timeout, else any cell error, else any usage error, else 0.</summary>
    public static int Worst(IEnumerable<int> codes)
    {
        var all = codes.ToList();
        foreach (var code in new[] { DeadProcess, Timeout, CellError, Usage })
            if (all.Contains(code)) return code;
        return Passed;
    }

    /// <summary>Whether a notebook process that ended with <paramref name="exitCode"/> ended by itself with one of the codes above.</summary>
    public static bool IsOrderly(int exitCode) => exitCode is Passed or CellError or Usage or Timeout;

    /// <summary>
    /// How a notebook process that did not end in order died, from its exit status alone (a shell-style 128+N for a
    /// signal N): "died with exit code 134 (signal 6, SIGABRT: a stack overflow, a native abort or Environment.FailFast)".
    /// </summary>
    public static string DescribeDeath(int exitCode)
    {
        var signal = exitCode > 128 ? exitCode - 128 : 0;
        var name = signal switch
        {
            6 => "SIGABRT: a stack overflow, a native abort or Environment.FailFast",
            9 => "SIGKILL: killed, perhaps out of memory",
            11 => "SIGSEGV: a native crash",
            15 => "SIGTERM: stopped from outside",
            _ => null,
        };
        return name is null ? $"died with exit code {exitCode}" : $"died with exit code {exitCode} (signal {signal}, {name})";
    }
}
