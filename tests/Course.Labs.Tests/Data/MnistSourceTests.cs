using Course.Labs.Data;

namespace Course.Labs.Tests.Data;

/// <summary>
/// MNIST loads from whichever source a machine fetched: the loaders the labs call run on a data root holding only the
/// official IDX files, then on one holding only the npm digits (the real files, linked from the repository's data/),
/// and a root holding neither gives an error naming the folders looked in and the fetch command.
/// </summary>
public sealed class MnistSourceTests
{
    private static string RealData(string name)
    {
        var folder = DataPaths.Require(name);
        Assert.True(Mnist.HasFiles(name == Mnist.IdxFolder ? MnistSource.OfficialIdx : MnistSource.NpmDigits, folder),
                    $"{folder} lacks its files: run environment/fetch-data.sh.");
        return folder;
    }

    private static TempFolder RootWith(string name)
    {
        var temp = new TempFolder();
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, name), RealData(name));
        return temp;
    }

    [Fact]
    public void With_only_the_official_idx_files_every_loader_reads_them()
    {
        using var root = RootWith(Mnist.IdxFolder);

        var digits = Datasets.MnistDigits(root.Path);                        // labs 3, 7, 8 and the default profiles
        var train = Mnist.Load(MnistSplit.Train, dataRoot: root.Path);
        var test = Mnist.Load(MnistSplit.Test, count: 2_000, seed: 1, dataRoot: root.Path);

        Assert.Equal(10_000, digits.Count);                                   // the official test images
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], digits.ClassCounts());
        Assert.Equal((MnistSource.OfficialIdx, 60_000), (train.Source, train.Images.Count));
        Assert.Equal((MnistSource.OfficialIdx, 2_000), (test.Source, test.Images.Count));
        Assert.Contains("official IDX files", test.ToString());
        Assert.Equal(Path.Combine(root.Path, "mnist"), test.Folder);
    }

    [Fact]
    public void With_only_the_npm_digits_every_loader_reads_them_and_the_two_splits_do_not_overlap()
    {
        using var root = RootWith(Mnist.DigitsFolder);

        var digits = Datasets.MnistDigits(root.Path);
        var train = Mnist.Load(MnistSplit.Train, dataRoot: root.Path);
        var test = Mnist.Load(MnistSplit.Test, dataRoot: root.Path);
        ImageDataset few = Mnist.Load(MnistSplit.Train, count: 500, dataRoot: root.Path);

        Assert.Equal(10_000, digits.Count);
        Assert.Equal((MnistSource.NpmDigits, 8_000), (train.Source, train.Images.Count));
        Assert.Equal((MnistSource.NpmDigits, 2_000), (test.Source, test.Images.Count));
        Assert.Equal(500, few.Count);
        Assert.Contains("npm digits", train.ToString());
        var trainImages = ((Subset)train.Images).Indices.ToHashSet();
        Assert.DoesNotContain(((Subset)test.Images).Indices, trainImages.Contains);
        // Asking for the official files where there are none names the folder looked in.
        var error = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(MnistSplit.Train, source: MnistSource.OfficialIdx, dataRoot: root.Path));
        Assert.Contains(Path.Combine(root.Path, "mnist"), error.Message);
    }

    [Theory]
    [InlineData(Mnist.IdxFolder, MnistSource.OfficialIdx)]
    [InlineData(Mnist.DigitsFolder, MnistSource.NpmDigits)]
    public void LoadPerClass_draws_as_many_images_of_each_digit_from_its_split_with_a_fixed_seed(string folder, MnistSource source)
    {
        using var root = RootWith(folder);

        var train = Mnist.LoadPerClass(MnistSplit.Train, 200, seed: 3, dataRoot: root.Path);
        var test = Mnist.LoadPerClass(MnistSplit.Test, 100, seed: 3, dataRoot: root.Path);
        var again = Mnist.LoadPerClass(MnistSplit.Train, 200, seed: 3, dataRoot: root.Path);
        var otherSeed = Mnist.LoadPerClass(MnistSplit.Train, 200, seed: 4, dataRoot: root.Path);

        Assert.Equal((source, MnistSplit.Train), (train.Source, train.Split));
        Assert.Equal(Enumerable.Repeat(200, 10), train.Images.ClassCounts());
        Assert.Equal(Enumerable.Repeat(100, 10), test.Images.ClassCounts());
        Assert.Equal(((Subset)train.Images).Indices, ((Subset)again.Images).Indices);
        Assert.NotEqual(((Subset)train.Images).Indices, ((Subset)otherSeed.Images).Indices);
        // The subset is drawn from the split's own images: the npm digits' test part never lends training images.
        var full = Mnist.Load(MnistSplit.Test, dataRoot: root.Path);
        var indices = ((Subset)test.Images).Indices;
        Assert.Equal(test.Images.Labels, indices.Select(i => full.Images.Labels[i]));
        using (var first = test.Images.GetImage(0)) using (var same = full.Images.GetImage(indices[0]))
            Assert.True(first.allclose(same, rtol: 0, atol: 0), "the subset's first image is not the split's image at its index");
        Assert.Contains("1,000 images", test.ToString());
        var error = Assert.Throws<ArgumentException>(() => Mnist.LoadPerClass(MnistSplit.Test, 5_000, dataRoot: root.Path));
        Assert.Contains("fewer than the 5000 asked for", error.Message);
    }

    [Fact]
    public void With_neither_the_error_names_both_folders_and_the_fetch_command()
    {
        using var empty = new TempFolder();

        var error = Assert.Throws<DirectoryNotFoundException>(() => Datasets.MnistDigits(empty.Path));

        Assert.Contains(Path.Combine(empty.Path, "mnist"), error.Message);
        Assert.Contains(Path.Combine(empty.Path, "mnist-digits"), error.Message);
        Assert.Contains("environment/fetch-data.sh`", error.Message);
    }
}
