using Course.Grading.Grade;
using Course.Grading.Regrade;
using Course.Grading.Submissions;
using Course.Notebooks.Model;

namespace Course.Grading.Merge;

/// <summary>
/// <c>labs grade --merge OUT SHARD_OUTPUT...</c>: one gradebook, the feedback pages and work folders, the written-answers
/// page and manual-marks.csv in OUT, from the outputs of the shards of one class. It refuses outputs graded with
/// different keys, library builds or profiles (or holding stale grades), two outputs of the same shard, and shards of
/// different counts; a missing shard is reported. Merging again changes nothing (the same files, byte for byte, and no
/// history line); a grade in OUT that a shard's replaces goes to OUT's history file; students only in OUT are kept, and
/// so is every mark entered.
/// </summary>
public static class ShardMerge
{
    /// <summary>What a merge did.</summary>
    public sealed record Result(Gradebook Book, int Shards, IReadOnlyList<string> MissingShards);

    /// <summary>Merges <paramref name="shardOutputs"/> (or, when empty, every OUT/shards/* with a grading.json) into <paramref name="output"/>.</summary>
    public static Result Run(string output, IReadOnlyList<string> shardOutputs, TextWriter progress)
    {
        output = Path.GetFullPath(output);
        var folders = shardOutputs.Count > 0 ? shardOutputs.Select(Path.GetFullPath).ToList() : Discover(output);
        if (folders.Count == 0) throw new ArgumentException($"--merge {output}: no shard outputs given and none under {Path.Combine(output, "shards")}.");
        var shards = folders.Select(f => (Folder: f, Manifest: GradingManifest.Read(f))).ToList();

        // One key, one build, one profile: the copy of the key in each output is hashed again, not only its manifest read.
        foreach (var (folder, m) in shards)
        {
            string copy = Path.Combine(folder, GradingManifest.KeyCopy);
            if (!File.Exists(copy) || GradingFingerprint.OfKeyFile(copy) != m.KeyHash)
                throw new InvalidDataException($"{folder}: its {GradingManifest.KeyCopy} is missing or is not the key its {GradingManifest.FileName} names; grade this shard again.");
        }
        var kinds = shards.GroupBy(s => (s.Manifest.KeyHash, s.Manifest.BuildHash, s.Manifest.ProfileHash, s.Manifest.Assignment)).ToList();
        if (kinds.Count > 1)
            throw new InvalidDataException("--merge: the shards were graded with different keys, library builds or profiles; grade them all with the same key:\n"
                + string.Join("\n", shards.Select(s => $"  {s.Folder}: {s.Manifest.Assignment}, key {s.Manifest.KeyHash}, build {s.Manifest.BuildHash}, profile {s.Manifest.ProfileHash}")));
        var first = shards[0].Manifest;
        var fingerprint = new GradingFingerprint(first.KeyHash, first.BuildHash, first.ProfileHash);

        var parsed = shards.Select(s => (s.Folder, Shard: ParseShard(s.Manifest.Shard, s.Folder))).ToList();
        var counts = parsed.Select(p => p.Shard.Count).Distinct().ToList();
        if (counts.Count > 1) throw new InvalidDataException($"--merge: the outputs are shards of different counts ({string.Join(", ", parsed.Select(p => $"{p.Folder}: {p.Shard.Index}/{p.Shard.Count}"))}); a student could be in two of them. Grade with one count.");
        var twice = parsed.GroupBy(p => p.Shard.Index).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"--merge: shard {twice.Key}/{counts[0]} is given twice: {string.Join(", ", twice.Select(t => t.Folder))}.");
        var missing = Enumerable.Range(0, counts[0]).Except(parsed.Select(p => p.Shard.Index)).Select(k => $"{k}/{counts[0]}").ToList();

        var incoming = new List<StudentGrade>();
        foreach (var (folder, _) in shards)
        {
            var book = new Gradebook(folder, first.Assignment, first.GradeIds);
            var stale = book.Grades.Where(g => fingerprint.Differences(g.Fingerprint).Count > 0).Select(g => g.Student).ToList();
            if (stale.Count > 0)
                throw new InvalidDataException($"{folder}: grades of {string.Join(", ", stale.Take(10).Select(StudentIds.Display))} were computed with another key, build or profile; grade that shard again (without --regrade) before merging.");
            incoming.AddRange(book.Grades);
        }
        var dup = incoming.GroupBy(g => g.Student).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidDataException($"--merge: student {StudentIds.Display(dup.Key)} is in more than one shard output.");

        var merged = new Gradebook(output, first.Assignment, first.GradeIds);
        // A written answer marked in OUT (and not in the shard) keeps its mark.
        incoming = incoming.Select(g => merged.Find(g.Student) is { } old && old.KeyHash == g.KeyHash ? KeepMarks(g, old) : g).ToList();
        merged.RecordAll(incoming, "replaced by a merged shard's grade");
        foreach (var (folder, _) in shards)
            foreach (var g in incoming.Where(g => File.Exists(Path.Combine(folder, "feedback", g.Student + ".html")) || Directory.Exists(Path.Combine(folder, "work", g.Student))))
            {
                CopyIfChanged(Path.Combine(folder, "feedback", g.Student + ".html"), Path.Combine(output, "feedback", g.Student + ".html"));
                CopyTree(Path.Combine(folder, "work", g.Student), Path.Combine(output, "work", g.Student));
            }
        GradingManifest.Write(output, Path.Combine(shards[0].Folder, GradingManifest.KeyCopy), first with { Shard = "0/1" });

        var key = NotebookFile.Read(Path.Combine(output, GradingManifest.KeyCopy));
        var answers = merged.Grades
            .Select(g => (g.Student, Path: Path.Combine(output, "work", g.Student, "submission.ipynb")))
            .Where(a => StudentIds.Problem(a.Student) is null && File.Exists(a.Path))
            .Select(a => (a.Student, NotebookFile.Read(a.Path))).ToList();
        Grader.WriteManualPages(output, key, answers, merged, first.Assignment);
        progress.WriteLine($"merged {incoming.Count} students from {shards.Count} shard output(s) into {merged.CsvPath}"
                           + (missing.Count > 0 ? $"; MISSING shard(s) {string.Join(", ", missing)}: their students are not in the gradebook yet" : ""));
        return new Result(merged, shards.Count, missing);
    }

    private static List<string> Discover(string output)
    {
        string root = Path.Combine(output, "shards");
        return Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, GradingManifest.FileName))).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static Shards.Shard ParseShard(string text, string folder)
    {
        try { return Shards.Shard.Parse(text, _ => null); }
        catch (ArgumentException) { throw new InvalidDataException($"{folder}: its {GradingManifest.FileName} names shard '{text}', not K/N."); }
    }

    private static StudentGrade KeepMarks(StudentGrade incoming, StudentGrade old)
    {
        if (!incoming.Cells.Any(c => c.Value is null && old.Cells.GetValueOrDefault(c.Key) is not null)) return incoming;
        var cells = incoming.Cells.ToDictionary(c => c.Key, c => c.Value ?? old.Cells.GetValueOrDefault(c.Key));
        return incoming.WithCells(cells);
    }

    private static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            CopyIfChanged(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>Copies a file atomically unless the destination already has the same bytes (so merging again writes nothing).</summary>
    private static void CopyIfChanged(string from, string to)
    {
        if (!File.Exists(from)) return;
        var bytes = File.ReadAllBytes(from);
        if (File.Exists(to) && File.ReadAllBytes(to).AsSpan().SequenceEqual(bytes)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        AtomicFile.WriteAllBytes(to, bytes);
    }
}
