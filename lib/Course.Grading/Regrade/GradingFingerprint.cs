using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Course.Grading.Regrade;

/// <summary>
/// What a grade was computed from: hashes (SHA-256, the first 16 hex digits) of the key notebook's bytes, of the
/// library build its cells load (each <c>#r</c>'d DLL's bytes) and of the profile (its name and the parameters it
/// resolves to). A grade whose fingerprint differs from the run's is stale: the run grades that student again.
/// </summary>
public sealed record GradingFingerprint(string Key, string Build, string Profile)
{
    /// <summary>The fingerprint of a grading run.</summary>
    public static GradingFingerprint Of(string keyPath, IEnumerable<string> libraryDlls, string? profile, IReadOnlyDictionary<string, object?> parameters)
    {
        string key = Hash(File.ReadAllBytes(keyPath));
        using var build = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var dll in libraryDlls.Order(StringComparer.Ordinal))
        {
            build.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(dll) + "\0"));
            build.AppendData(SHA256.HashData(File.ReadAllBytes(dll)));
        }
        var sorted = parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value?.ToString());
        string profileText = (profile ?? "") + "\0" + JsonSerializer.Serialize(sorted);
        return new GradingFingerprint(key, Hex(build.GetHashAndReset()), Hash(Encoding.UTF8.GetBytes(profileText)));
    }

    /// <summary>The hash of a key notebook file, as <see cref="Key"/> has it.</summary>
    public static string OfKeyFile(string path) => Hash(File.ReadAllBytes(path));

    /// <summary>What differs from <paramref name="other"/> ("key", "library build", "profile"), empty when nothing does.</summary>
    public IReadOnlyList<string> Differences(GradingFingerprint? other)
    {
        if (other is null) return ["no fingerprint"];
        var d = new List<string>();
        if (Key != other.Key) d.Add("key");
        if (Build != other.Build) d.Add("library build");
        if (Profile != other.Profile) d.Add("profile");
        return d;
    }

    private static string Hash(byte[] bytes) => Hex(SHA256.HashData(bytes));

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash)[..16];
}
