using System.Runtime.InteropServices;
using Course.Notebooks.Dialect;

namespace Course.Notebooks.Packages;

/// <summary>
/// Packages restored as an equivalent, lighter set: <c>TorchSharp-cpu</c> (what TorchSharp's tutorials reference) depends on
/// libtorch for every operating system, about 1 GB to download and unpack; TorchSharp with the one libtorch package of
/// this machine loads the same native library. Versions not in the table restore as written.
/// </summary>
public static class PackageSubstitutions
{
    /// <summary>TorchSharp version to the libtorch version its -cpu package depends on (newest last).</summary>
    private static readonly (string TorchSharp, string Libtorch)[] TorchSharpCpu = [("0.107.0", "2.10.0")];

    /// <summary>The packages to restore for <paramref name="requested"/>, with a note for each substitution made.</summary>
    public static IReadOnlyList<PackageReference> Apply(IReadOnlyList<PackageReference> requested, List<string> notes)
    {
        var result = new List<PackageReference>();
        foreach (var p in requested)
        {
            if (p.Name.Equals("TorchSharp-cpu", StringComparison.OrdinalIgnoreCase) && LibtorchPackage() is { } libtorch
                && (p.Version is null ? TorchSharpCpu[^1] : TorchSharpCpu.FirstOrDefault(t => t.TorchSharp == p.Version)) is { TorchSharp: not null } pair)
            {
                result.Add(new PackageReference("TorchSharp", pair.TorchSharp));
                result.Add(new PackageReference(libtorch, pair.Libtorch));
                notes.Add($"#r \"nuget: {p}\" restored as TorchSharp {pair.TorchSharp} with {libtorch} {pair.Libtorch} (the same native library, without libtorch for other systems).");
            }
            else result.Add(p);
        }
        return result;
    }

    /// <summary>The libtorch CPU package for this machine, or null where none is published.</summary>
    private static string? LibtorchPackage() => RuntimeInformation.RuntimeIdentifier switch
    {
        "linux-x64" => "libtorch-cpu-linux-x64",
        "osx-arm64" => "libtorch-cpu-osx-arm64",
        "win-x64" => "libtorch-cpu-win-x64",
        _ => null,
    };
}
