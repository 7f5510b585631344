using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Course.Grading.Shards;

/// <summary>
/// One slice of a class: shard <see cref="Index"/> (0-based) of <see cref="Count"/>. A student belongs to the shard
/// given by a hash of their id (SHA-256, its first 8 bytes modulo the count), never by the order of the list, so the
/// same student is in the same shard for the same count whichever machine lists the submissions, and however many
/// students join later.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Every student: the one shard of one.</summary>
    public static readonly Shard Whole = new(0, 1);

    /// <summary>The shard of <paramref name="studentId"/> among <paramref name="count"/>.</summary>
    public static int Of(string studentId, int count)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(studentId), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    /// <summary>Whether this shard grades <paramref name="studentId"/>.</summary>
    public bool Contains(string studentId) => Count == 1 || Of(studentId, Count) == Index;

    /// <summary>"K/N", as <c>--shard</c> takes it.</summary>
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>The shard's own output folder under the class output: OUT/shards/K-of-N.</summary>
    public string OutputUnder(string output) => Path.Combine(output, "shards", $"{Index}-of-{Count}");

    /// <summary>
    /// The shard a <c>--shard</c> value names: <c>K/N</c> (K from 0 to N-1); <c>auto</c>, from a SLURM job array
    /// (SLURM_ARRAY_TASK_ID minus SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT); or <c>auto/N</c>, the index from a
    /// Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or a SLURM array task, of N. Errors say which variable is missing.
    /// </summary>
    public static Shard Parse(string text, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string[] parts = text.Trim().Split('/');
        if (parts.Length > 2 || parts[0].Length == 0) throw Usage(text);
        int? count = parts.Length == 2 ? Number(parts[1], "N", text) : null;
        if (parts[0] != "auto")
        {
            if (count is null) throw Usage(text);
            return Checked(Number(parts[0], "K", text), count.Value, text);
        }
        if (environment("JOB_COMPLETION_INDEX") is { Length: > 0 } k8s)
        {
            if (count is null) throw new ArgumentException($"--shard {text}: JOB_COMPLETION_INDEX={k8s} is set (a Kubernetes Indexed Job) but the shard count is not: pass --shard auto/N with N the Job's completions.");
            return Checked(Number(k8s, "JOB_COMPLETION_INDEX", text), count.Value, text);
        }
        if (environment("SLURM_ARRAY_TASK_ID") is { Length: > 0 } task)
        {
            int min = environment("SLURM_ARRAY_TASK_MIN") is { Length: > 0 } m ? Number(m, "SLURM_ARRAY_TASK_MIN", text) : 0;
            int? slurmCount = environment("SLURM_ARRAY_TASK_COUNT") is { Length: > 0 } c ? Number(c, "SLURM_ARRAY_TASK_COUNT", text) : null;
            int n = count ?? slurmCount ?? throw new ArgumentException($"--shard {text}: SLURM_ARRAY_TASK_COUNT is not set; pass --shard auto/N.");
            return Checked(Number(task, "SLURM_ARRAY_TASK_ID", text) - min, n, text);
        }
        throw new ArgumentException($"--shard {text}: neither SLURM_ARRAY_TASK_ID (a SLURM job array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; outside those, pass --shard K/N.");
    }

    private static Shard Checked(int index, int count, string text)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new ArgumentException($"--shard {text}: shard {index} of {count} does not exist (K goes from 0 to N-1, N at least 1).");
        return new Shard(index, count);
    }

    private static int Number(string value, string what, string text)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw new ArgumentException($"--shard {text}: {what} = '{value}' is not a whole number.");

    private static ArgumentException Usage(string text)
        => new($"--shard {text}: expected K/N (shard K of N, K from 0), auto (from a SLURM job array) or auto/N (from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID).");
}
