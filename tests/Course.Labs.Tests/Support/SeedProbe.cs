using System.Security.Cryptography;
using System.Text;
using Course.Labs.Data.MetricLearning;
using Course.Labs.Data.ReId;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Support;

/// <summary>
/// What the library draws from a seed, as short fingerprints: a PK sampler's batches and a generated Market-style set.
/// A test compares them between this process and others (<c>dotnet Course.Labs.Tests.dll seed-probe FOLDER</c>).
/// </summary>
internal static class SeedProbe
{
    /// <summary>One line per seeded result; <paramref name="folder"/> receives the generated set.</summary>
    public static IReadOnlyList<string> Fingerprints(string folder)
    {
        var labels = Enumerable.Range(0, 12).SelectMany(id => Enumerable.Repeat(id, 3 + id % 5)).ToArray();
        var sampler = new PkSampler(new LabelledItems(labels, i => zeros(1)), p: 3, k: 2, seed: 7);
        var lines = Enumerable.Range(0, 3).Select(epoch => $"pk epoch {epoch}: " + string.Join(" ", sampler.Batches(epoch).Select(b => string.Join(",", b)))).ToList();
        string set = MarketStyleGenerator.Generate(Path.Combine(folder, "market"), MarketStyleOptions.Tiny(seed: 3));
        lines.Add("market tiny seed 3: " + SetFingerprint(set));
        return lines;
    }

    /// <summary>SHA-256 over the relative names and bytes of every image of a generated set, in name order.</summary>
    public static string SetFingerprint(string set)
    {
        using var sha = SHA256.Create();
        foreach (var f in Directory.EnumerateFiles(set, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            byte[] name = Encoding.UTF8.GetBytes(Path.GetRelativePath(set, f));
            sha.TransformBlock(name, 0, name.Length, null, 0);
            byte[] content = File.ReadAllBytes(f);
            sha.TransformBlock(content, 0, content.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
