namespace Course.Cli.Running;

/// <summary>The exit codes of <c>labs</c>; a run of several notebooks exits with the worst one (dead, timeout, error).</summary>
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
}
