namespace Course.Grading.Sandbox;

/// <summary>
/// How submissions are isolated on this host: a bubblewrap sandbox and a cgroup per submission, or (only when the
/// instructor asks with --no-sandbox) none of the namespaces, with a cgroup still when the host has one. Each
/// submission's gradebook line records <see cref="Description"/>.
/// </summary>
public sealed record Isolation(Bubblewrap? Sandbox, CgroupBackend? Cgroups)
{
    /// <summary>What the gradebook records for each submission.</summary>
    public string Description => (Sandbox?.Description ?? "no sandbox (--no-sandbox)") + "; " +
                                 (Cgroups?.Name ?? "no cgroup (memory limited by the managed heap only)");

    /// <summary>
    /// The isolation to grade with. With <paramref name="sandbox"/> (the default) both bubblewrap (looked for at
    /// <paramref name="bwrapPaths"/>, default the usual places) and a cgroup backend must work, else
    /// <see cref="SandboxUnavailableException"/> says what is missing and what to install. Without the sandbox, a cgroup
    /// is used when the host has one, unless <paramref name="cgroup"/> is false.
    /// </summary>
    public static Isolation Detect(bool sandbox, IReadOnlyList<string>? bwrapPaths = null, bool cgroup = true)
    {
        var tried = new List<string>();
        var cgroups = cgroup ? CgroupBackend.Detect(tried) : null;
        if (!sandbox) return new Isolation(null, cgroups);
        var bwrap = Bubblewrap.Find(tried, bwrapPaths);
        if (bwrap is not null && cgroups is not null) return new Isolation(bwrap, cgroups);
        throw new SandboxUnavailableException(
            "labs grade runs every submission in a sandbox (bubblewrap) with a memory cgroup, and this host lacks " +
            (bwrap is null ? cgroups is null ? "both" : "bubblewrap" : "a cgroup it can use") + ":\n  - " + string.Join("\n  - ", tried) +
            "\nInstall bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) and run as root, " +
            "or where systemd runs, as a user with `systemd-run --user`. To grade trusted notebooks without isolation, pass --no-sandbox.");
    }
}

/// <summary>No isolation is available and --no-sandbox was not given; the message says what to install.</summary>
public sealed class SandboxUnavailableException(string message) : Exception(message);
