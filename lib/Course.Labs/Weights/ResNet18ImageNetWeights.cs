using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// The ImageNet ResNet-18 weights of NuGet <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> 0.24.0 (MIT; CNTK 2.6 export),
/// converted once from the package's ONNX files into a TorchSharp state dict with torchvision's names and kept in the
/// per-user cache (<see cref="LabsCache"/>, folder <c>pretrained/</c>) beside a manifest holding its SHA-256. Later
/// loads read the cache (and check the hash) without the package; a damaged or stale cache is converted again.
/// The state dict holds the network up to the pooled features (the package has no ImageNet classifier) and, under
/// <c>preprocess.mean_image</c>, the mean image of the input preprocessing.
/// </summary>
public sealed class ResNet18ImageNetWeights
{
    public const string PackageId = "Microsoft.ML.DnnImageFeaturizer.ResNet18";
    public const string PackageVersion = "0.24.0";
    internal const string ModelFile = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx";
    internal const string PreprocessFile = "tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx";
    internal const string ModelSha256 = "e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f";
    internal const string PreprocessSha256 = "84bf8def78d0befaa3f6e73745d57d7016c6a192ead76f79686bd438c1047004";

    /// <summary>The state dict key of the preprocessing's mean image [3, 224, 224] (BGR, 0..255).</summary>
    public const string MeanImageKey = "preprocess.mean_image";

    /// <summary>Bumped when the conversion changes, so that older caches are converted again.</summary>
    private const int ConverterVersion = 1;
    private const string ManifestFormat = "Course.Labs pretrained weights/1";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly object ConvertLock = new();

    private readonly string? modelPath, preprocessPath;

    /// <param name="cacheFolder">Where the converted file goes; <c>LabsCache.Folder("pretrained")</c> when null.</param>
    /// <param name="modelPath">The package's ResNet18.onnx; found in the NuGet cache when null.</param>
    /// <param name="preprocessPath">The package's ResNetPreprocess.onnx; found in the NuGet cache when null.</param>
    public ResNet18ImageNetWeights(string? cacheFolder = null, string? modelPath = null, string? preprocessPath = null)
    {
        string folder = cacheFolder ?? LabsCache.Folder("pretrained");
        CacheFile = Path.Combine(folder, $"resnet18-imagenet-cntk-{PackageVersion}-v{ConverterVersion}.dat");
        ManifestFile = Path.ChangeExtension(CacheFile, ".json");
        this.modelPath = modelPath;
        this.preprocessPath = preprocessPath;
    }

    /// <summary>The converted state dict (written on first use).</summary>
    public string CacheFile { get; }

    /// <summary>The manifest beside it: sources, their SHA-256, the file's SHA-256 and size, the conversion time.</summary>
    public string ManifestFile { get; }

    /// <summary>The package's ResNet18.onnx on this machine (throws, saying where it looked and what to do, when absent).</summary>
    public string ModelPath => modelPath ?? PackageFiles.Find(PackageId, PackageVersion, ModelFile);

    /// <summary>The package's ResNetPreprocess.onnx on this machine.</summary>
    public string PreprocessPath => preprocessPath ?? PackageFiles.Find(PackageId, PackageVersion, PreprocessFile);

    /// <summary>True when the cache holds a converted file whose SHA-256 matches its manifest.</summary>
    public bool IsCached => ValidCache() is null;

    /// <summary>
    /// The state dict: read from the cache, else converted from the package and cached. <paramref name="log"/> hears
    /// one line when a conversion starts and one when it ends (Console.Out when null).
    /// </summary>
    public Dictionary<string, Tensor> Load(Action<string>? log = null)
    {
        log ??= Console.WriteLine;
        lock (ConvertLock)
        {
            string? problem = ValidCache();
            if (problem is null) return StateDictFile.Read(CacheFile);
            if (File.Exists(CacheFile) || File.Exists(ManifestFile)) log($"Pretrained cache {CacheFile}: {problem}; converting again.");
            var watch = Stopwatch.StartNew();
            log($"Converting the ImageNet ResNet-18 of {PackageId} {PackageVersion} to a TorchSharp state dict (once; a few seconds)...");
            var entries = Convert();
            try
            {
                StateDictFile.Write(CacheFile, entries);
                var manifest = new Manifest(ManifestFormat, ConverterVersion,
                    [new Source(PackageId, PackageVersion, ModelFile, ModelSha256), new Source(PackageId, PackageVersion, PreprocessFile, PreprocessSha256)],
                    Path.GetFileName(CacheFile), Sha256(CacheFile), new FileInfo(CacheFile).Length, Math.Round(watch.Elapsed.TotalSeconds, 2),
                    DateTimeOffset.UtcNow);
                AtomicFile.WriteAllText(ManifestFile, JsonSerializer.Serialize(manifest, JsonOptions));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log($"Could not cache the converted weights at {CacheFile} ({e.Message}); they will be converted again next time.");
            }
            log($"Converted in {watch.Elapsed.TotalSeconds:F1} s; cached at {CacheFile}.");
            return entries;
        }
    }

    /// <summary>Converts the package's two ONNX files (each checked against its known SHA-256) without touching the cache.</summary>
    public Dictionary<string, Tensor> Convert()
    {
        string model = ModelPath, preprocess = PreprocessPath;
        CheckSource(model, ModelSha256);
        CheckSource(preprocess, PreprocessSha256);
        var (entries, _) = CntkResNet18Graph.Convert(OnnxGraph.Read(model));
        entries[MeanImageKey] = CntkPreprocessGraph.MeanImage(OnnxGraph.Read(preprocess));
        return entries;
    }

    /// <summary>Null when the cache is usable, else why not.</summary>
    private string? ValidCache()
    {
        if (!File.Exists(CacheFile) || !File.Exists(ManifestFile)) return "not converted yet";
        Manifest? manifest;
        try { manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(ManifestFile), JsonOptions); }
        catch (JsonException) { return "the manifest is not readable"; }
        if (manifest is null || manifest.Format != ManifestFormat || manifest.Converter != ConverterVersion) return "written by another version";
        if (manifest.Sources.Select(s => s.Sha256).Order().SequenceEqual(new[] { ModelSha256, PreprocessSha256 }.Order()) is false)
            return "converted from other source files";
        var info = new FileInfo(CacheFile);
        if (info.Length != manifest.Bytes || Sha256(CacheFile) != manifest.Sha256) return "the file does not match its SHA-256 (damaged)";
        return null;
    }

    private static void CheckSource(string path, string expected)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{path}' does not exist: give the path of {PackageId} {PackageVersion}'s {Path.GetFileName(path)}, "
                + "or no path to find it in the NuGet cache.", path);
        string actual = Sha256(path);
        if (actual != expected)
            throw new InvalidDataException(
                $"'{path}' is not the file {PackageId} {PackageVersion} ships (SHA-256 {actual}, expected {expected}). "
                + $"Delete the package's folder ({Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."))}) and restore again "
                + "(dotnet restore lib/Course.Labs).");
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return System.Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record Source(string Package, string Version, string File, string Sha256);

    private sealed record Manifest(
        string Format, int Converter, IReadOnlyList<Source> Sources, string File, string Sha256, long Bytes,
        double ConversionSeconds, DateTimeOffset Created);
}
