using System.Text.Json.Nodes;
using Course.Labs.Models;
using Course.Labs.Weights;
using Course.Labs.Tests.Data;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Weights;

/// <summary>
/// The one-time conversion and its cache: written atomically with a SHA-256 manifest, read back without the package,
/// converted again when damaged, and clear errors when the package's files are missing or are not the package's.
/// </summary>
public sealed class PretrainedCacheTests
{
    [Fact]
    public void Converts_once_then_reads_the_cache_and_reconverts_a_damaged_one()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var folder = new TempFolder();
        var weights = new ResNet18ImageNetWeights(folder.Path);
        Assert.False(weights.IsCached);
        var log = new List<string>();

        var first = weights.Load(log.Add);
        Assert.Contains(log, line => line.StartsWith("Converting"));
        Assert.True(weights.IsCached);
        Assert.Equal([Path.GetFileName(weights.CacheFile), Path.GetFileName(weights.ManifestFile)],
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());   // no temporary files left
        var manifest = JsonNode.Parse(File.ReadAllText(weights.ManifestFile))!;
        Assert.Equal(ResNet18ImageNetWeights.Sha256(weights.CacheFile), (string?)manifest["sha256"]);
        Assert.Equal(new FileInfo(weights.CacheFile).Length, (long)manifest["bytes"]!);

        log.Clear();
        var cached = new ResNet18ImageNetWeights(folder.Path, modelPath: "/nonexistent/ResNet18.onnx").Load(log.Add);
        Assert.Empty(log);   // read from the cache: the package's file is not needed
        AssertSame(first, cached);

        var bytes = File.ReadAllBytes(weights.CacheFile);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(weights.CacheFile, bytes);
        Assert.False(weights.IsCached);
        var reconverted = weights.Load(log.Add);
        Assert.Contains(log, line => line.Contains("does not match its SHA-256"));
        Assert.True(weights.IsCached);
        AssertSame(first, reconverted);
        foreach (var t in first.Values.Concat(cached.Values).Concat(reconverted.Values)) t.Dispose();
    }

    [Fact]
    public void The_state_dict_has_the_packages_layout_under_torchvisions_names()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var folder = new TempFolder();
        var entries = new ResNet18ImageNetWeights(folder.Path).Load(_ => { });
        using var model = ResNet.CntkResNet18(numClasses: 0);
        var expected = model.state_dict().Keys.Append(ResNet18ImageNetWeights.MeanImageKey).Order();
        Assert.Equal(expected, entries.Keys.Order());
        Assert.Equal(new long[] { 512, 512, 3, 3 }, entries["layer4.2.conv2.weight"].shape);   // the third block of stage 4
        Assert.Equal(new long[] { 3, 224, 224 }, entries[ResNet18ImageNetWeights.MeanImageKey].shape);
        foreach (var t in entries.Values) t.Dispose();
    }

    [Fact]
    public void A_missing_package_file_says_where_it_looked_and_what_to_do()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PackageFiles.Find(ResNet18ImageNetWeights.PackageId, "9.9.9", ResNet18ImageNetWeights.ModelFile));
        Assert.Contains("microsoft.ml.dnnimagefeaturizer.resnet18/9.9.9/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx", error.Message);
        Assert.Contains("dotnet restore lib/Course.Labs", error.Message);
        Assert.Contains("NUGET_PACKAGES", error.Message);

        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "ResNet18.onnx");
        var explicitMissing = Assert.Throws<FileNotFoundException>(() => new ResNet18ImageNetWeights(folder.Path, modelPath: missing).Load(_ => { }));
        Assert.Contains(missing, explicitMissing.Message);
    }

    [Fact]
    public void A_file_that_is_not_the_packages_is_refused_by_its_hash()
    {
        using var folder = new TempFolder();
        var impostor = Path.Combine(folder.Path, "ResNet18.onnx");
        File.WriteAllBytes(impostor, [1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => new ResNet18ImageNetWeights(folder.Path, modelPath: impostor).Load(_ => { }));
        Assert.Contains(impostor, error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.False(File.Exists(new ResNet18ImageNetWeights(folder.Path).CacheFile));
    }

    [Theory]
    [InlineData("Unix", "/srv/labs-cache", null, "/srv/labs-cache")]
    [InlineData("Unix", null, "/var/cache/me", "/var/cache/me/labs")]
    [InlineData("Unix", null, "relative/cache", "/home/student/.cache/labs")]   // XDG: a relative path is ignored
    [InlineData("Unix", null, null, "/home/student/.cache/labs")]
    [InlineData("MacOS", null, "/var/cache/me", "/home/student/Library/Caches/labs")]
    [InlineData("Windows", null, null, "/appdata/local/labs/cache")]
    public void The_cache_folder_follows_LABS_CACHE_then_the_platforms_rule(string platform, string? labsCache, string? xdg, string expected)
    {
        var variables = new Dictionary<string, string?>
        {
            ["LABS_CACHE"] = labsCache, ["XDG_CACHE_HOME"] = xdg, ["HOME"] = "/home/student", ["LOCALAPPDATA"] = "/appdata/local",
        };
        Assert.Equal(expected, LabsCache.FromEnvironment(name => variables.GetValueOrDefault(name), Enum.Parse<LabsCache.Platform>(platform)).Replace('\\', '/'));
    }

    private static void AssertSame(Dictionary<string, Tensor> expected, Dictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, value) in expected) Assert.True(value.equal(actual[name]).all().item<bool>(), $"{name} differs");
    }
}
