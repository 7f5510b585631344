using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Weights;

/// <summary>
/// torchvision's ImageNet weights that an instructor converted once with <c>export_torchvision.py</c> (see the library's
/// README, "torchvision weights") and shipped with the course: <c>ARCH.dat</c> files (<c>resnet50.dat</c>,
/// <c>vgg16.dat</c>, ...) in a weights folder. The folders searched, in order: the one a caller names, every folder in
/// <c>LABS_WEIGHTS</c> (separated by the system's path separator, ':' on Linux), then <c>weights/</c> in the per-user
/// cache (<see cref="LabsCache"/>).
/// </summary>
public static class TorchvisionWeights
{
    /// <summary>The folders searched for <c>ARCH.dat</c>, <paramref name="folder"/> first when given.</summary>
    public static IReadOnlyList<string> Folders(string? folder = null)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(folder)) folders.Add(Path.GetFullPath(folder));
        foreach (var configured in (Environment.GetEnvironmentVariable("LABS_WEIGHTS") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            folders.Add(Path.GetFullPath(configured));
        folders.Add(LabsCache.Folder("weights"));
        return [.. folders.Distinct()];
    }

    /// <summary>The converted weights of torchvision's <paramref name="arch"/>, or null when none of <see cref="Folders"/> holds them.</summary>
    public static string? Find(string arch, string? folder = null)
        => Folders(folder).Select(f => Path.Combine(f, arch + ".dat")).FirstOrDefault(File.Exists);

    /// <summary>
    /// Loads the converted weights of <paramref name="arch"/> into <paramref name="model"/> (built with
    /// <c>TorchvisionModels.Create(arch, ...)</c>), leaving out the entries under <paramref name="skipPrefixes"/> (a new
    /// classifier). Throws, naming the folders searched and how to make the file, when there is none.
    /// </summary>
    public static void Load(Module model, string arch, string? folder = null, params string[] skipPrefixes)
    {
        string path = Find(arch, folder) ?? throw new FileNotFoundException(
            $"No ImageNet weights for {arch} on this machine: no {arch}.dat in {string.Join(", ", Folders(folder))}. "
            + "The course ships ImageNet weights for resnet18 only (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18, pretrained: true works for it). "
            + $"For {arch}, someone with internet converts torchvision's once: python3 lib/Course.Labs/Weights/export_torchvision.py {arch} --out FOLDER "
            + "(lib/Course.Labs/README.md, \"torchvision weights\"), then puts FOLDER in LABS_WEIGHTS or copies the file to the last folder above.",
            arch + ".dat");
        var entries = StateDictFile.Read(path);
        try { StateDictFile.Load(model, entries, path, skipPrefixes); }
        finally { foreach (var t in entries.Values) t.Dispose(); }
    }
}
