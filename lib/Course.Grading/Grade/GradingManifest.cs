using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>
/// grading.json in a grading output: what it was graded with (the assignment, the hashes of the key, the library build
/// and the profile, the shard, the graded cells) beside key.ipynb, a copy of the key. <c>labs grade --merge</c> reads it
/// to refuse outputs graded with different keys and to write the merged written-answers page. The output folder is
/// never shown to a submission, so the copy of the key stays the instructor's.
/// </summary>
public sealed record GradingManifest(
    [property: JsonPropertyName("assignment")] string Assignment,
    [property: JsonPropertyName("key_hash")] string KeyHash,
    [property: JsonPropertyName("build_hash")] string BuildHash,
    [property: JsonPropertyName("profile_hash")] string ProfileHash,
    [property: JsonPropertyName("shard")] string Shard,
    [property: JsonPropertyName("grade_ids")] IReadOnlyList<string> GradeIds,
    [property: JsonPropertyName("max_score")] double MaxScore)
{
    public const string FileName = "grading.json";
    public const string KeyCopy = "key.ipynb";

    /// <summary>Writes grading.json and key.ipynb into <paramref name="output"/> (atomically).</summary>
    public static void Write(string output, string keyPath, GradingManifest manifest)
    {
        Directory.CreateDirectory(output);
        AtomicFile.WriteAllBytes(Path.Combine(output, KeyCopy), File.ReadAllBytes(keyPath));
        AtomicFile.WriteAllText(Path.Combine(output, FileName), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The manifest of a grading output; an error names the folder and says what it lacks.</summary>
    public static GradingManifest Read(string output)
    {
        string path = Path.Combine(output, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{output}: no {FileName}; it is not the output of `labs grade` (or of a version before shards).");
        try { return JsonSerializer.Deserialize<GradingManifest>(File.ReadAllText(path)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: damaged ({e.Message}); grade this shard again.", e); }
    }
}
