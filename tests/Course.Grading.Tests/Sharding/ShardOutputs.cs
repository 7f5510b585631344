using Course.Grading.Grade;
using Course.Grading.Regrade;
using Course.Grading.Shards;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sharding;

/// <summary>
/// Shard outputs as <c>labs grade --shard</c> leaves them (grading.json and key.ipynb, the gradebook, feedback pages,
/// work/ID/submission.ipynb), made without running anything, for the merge's tests.
/// </summary>
public sealed class ShardOutputs : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("shards-").FullName;
    public string KeyPath => Path.Combine(Root, "squares.ipynb");
    public string Out => Path.Combine(Root, "out");
    public static readonly IReadOnlyList<string> GradeIds = ["square_test", "square_partial", "why_sign"];

    public ShardOutputs() => NotebookFile.Write(Lab.Key(), KeyPath);

    public GradingFingerprint Fingerprint(string keyPath) => new(GradingFingerprint.OfKeyFile(keyPath), "build0", "profile0");

    /// <summary>Shard K of N of <paramref name="students"/> (those the hash puts there), graded with the key at <paramref name="keyPath"/>.</summary>
    public string Write(int k, int n, IEnumerable<string> students, string? keyPath = null)
    {
        keyPath ??= KeyPath;
        var shard = new Shard(k, n);
        string folder = shard.OutputUnder(Out);
        var f = Fingerprint(keyPath);
        GradingManifest.Write(folder, keyPath, new GradingManifest("squares", f.Key, f.Build, f.Profile, shard.ToString(), GradeIds, 7));
        var book = new Gradebook(folder, "squares", GradeIds);
        foreach (var s in students.Where(shard.Contains))
        {
            book.Record(Grade(s).WithFingerprint(f) with { Shard = shard.ToString() });
            Directory.CreateDirectory(Path.Combine(folder, "feedback"));
            File.WriteAllText(Path.Combine(folder, "feedback", s + ".html"), $"<p>feedback of {s}</p>");
            var nb = Lab.Key();
            Lab.ById(nb, "why_sign").Source = $"answer of {s}";
            Directory.CreateDirectory(Path.Combine(folder, "work", s));
            NotebookFile.Write(nb, Path.Combine(folder, "work", s, "submission.ipynb"));
        }
        return folder;
    }

    /// <summary>A student's grade: points derived from the id so that students differ.</summary>
    public static StudentGrade Grade(string student) => new StudentGrade
    {
        Student = student, Status = "completed", MaxScore = 7, Isolation = "bubblewrap", Threads = 1,
    }.WithCells(new Dictionary<string, double?> { ["square_test"] = student.Length % 3, ["square_partial"] = 1.5, ["why_sign"] = null });

    /// <summary>Every file under <paramref name="folder"/> except the shards, with its bytes.</summary>
    public static Dictionary<string, string> Files(string folder)
        => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).StartsWith("shards", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
