using TorchSharp;
using Course.Labs.Data;
using SkiaSharp;

namespace Course.Labs.Tests.Data;

/// <summary>Bad input gives an exception naming the file and the fix.</summary>
public sealed class ReaderErrorTests
{
    [Fact]
    public void A_truncated_idx_image_file_names_the_file_and_setup()
    {
        using var temp = new TempFolder();
        var images = temp.File("images.idx");
        File.WriteAllBytes(images, IdxFiles.Images(3, 28, 28)[..^10]);
        var labels = temp.File("labels.idx");
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 2, 3]));

        var error = Assert.Throws<InvalidDataException>(() => MnistIdx.Load(images, labels, MnistJsonDigits.Classes));

        Assert.Contains(images, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("environment/setup.sh", error.Message);
    }

    [Fact]
    public void A_truncated_gzip_idx_file_names_the_file_and_setup()
    {
        using var temp = new TempFolder();
        var images = temp.File("images.idx.gz");
        var gzip = IdxFiles.Gzip(IdxFiles.Images(50, 28, 28));
        File.WriteAllBytes(images, gzip[..(gzip.Length / 2)]);

        var error = Assert.ThrowsAny<Exception>(() => MnistIdx.ReadImages(images));

        Assert.IsAssignableFrom<InvalidDataException>(error);
        Assert.Contains(images, error.Message);
        Assert.Contains("environment/setup.sh", error.Message);
    }

    [Fact]
    public void A_labels_file_given_as_images_is_rejected_by_its_magic_number()
    {
        using var temp = new TempFolder();
        var labels = temp.File("labels.idx");
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 2, 3]));

        var error = Assert.Throws<InvalidDataException>(() => MnistIdx.ReadImages(labels));

        Assert.Contains(labels, error.Message);
        Assert.Contains("0x00000801", error.Message);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("environment/setup.sh", error.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_rejected()
    {
        using var temp = new TempFolder();
        var images = temp.File("images.idx");
        File.WriteAllBytes(images, IdxFiles.Images(3, 4, 4));
        var labels = temp.File("labels.idx");
        File.WriteAllBytes(labels, IdxFiles.Labels([1, 2]));

        var error = Assert.Throws<InvalidDataException>(() => MnistIdx.Load(images, labels, MnistJsonDigits.Classes));

        Assert.Contains("3 images", error.Message);
        Assert.Contains("2 labels", error.Message);
    }

    [Fact]
    public void Raw_and_gzip_idx_files_read_the_same_pixels_and_labels()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("i"), IdxFiles.Images(3, 2, 5));
        File.WriteAllBytes(temp.File("i.gz"), IdxFiles.Gzip(IdxFiles.Images(3, 2, 5)));
        File.WriteAllBytes(temp.File("l.gz"), IdxFiles.Gzip(IdxFiles.Labels([4, 0, 9])));

        var raw = MnistIdx.Load(temp.File("i"), temp.File("l.gz"), MnistJsonDigits.Classes);
        var gzip = MnistIdx.Load(temp.File("i.gz"), temp.File("l.gz"), MnistJsonDigits.Classes);

        Assert.Equal([4, 0, 9], raw.Labels);
        Assert.Equal((1, 2, 5), (raw.Channels, raw.Height, raw.Width));
        using var a = raw.GetImage(2);
        using var b = gzip.GetImage(2);
        Assert.Equal([1L, 2, 5], a.shape);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Equal((byte)((16 + 2 * 10) * 7) / 255f, a[0, 0, 0].ToSingle(), 6);
    }

    [Fact]
    public void A_full_mnist_folder_loads_gzip_or_raw_files_by_their_standard_names()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("train-images-idx3-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Images(4, 28, 28)));
        File.WriteAllBytes(temp.File("train-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Labels([3, 1, 4, 1])));
        File.WriteAllBytes(temp.File("t10k-images-idx3-ubyte"), IdxFiles.Images(2, 28, 28));
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte"), IdxFiles.Labels([5, 9]));

        var train = Datasets.MnistIdxFolder(temp.Path, train: true);
        var test = Datasets.MnistIdxFolder(temp.Path, train: false);

        Assert.Equal([3, 1, 4, 1], train.Labels);
        Assert.Equal([5, 9], test.Labels);
        Assert.Equal(10, test.ClassCount);
    }

    [Fact]
    public void A_missing_data_folder_names_the_folders_looked_in_and_the_fetch_command()
    {
        using var temp = new TempFolder();
        var missing = Path.Combine(temp.Path, "nothing-here");

        var badLabsData = Assert.Throws<DirectoryNotFoundException>(() => DataPaths.Resolve(missing, temp.Path));
        var noDataSet = Assert.Throws<DirectoryNotFoundException>(() => Datasets.FashionMnist(train: true, dataRoot: temp.Path));

        Assert.Contains(missing, badLabsData.Message);
        Assert.Contains(Path.Combine(temp.Path, "fashion-mnist"), noDataSet.Message);
        // The tests run inside the repository: the command is its fetch script, with its full path.
        string fetch = $"bash {Path.Combine(RepoRoot(), "environment", "fetch-data.sh")}";
        Assert.All([badLabsData, noDataSet], e => Assert.Contains($"run `{fetch}`", e.Message));
    }

    [Fact]
    public void Data_sets_are_looked_for_under_labs_data_then_the_user_cache_then_the_repository()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("repo/Course.sln"), "");
        var deep = temp.File("repo/tests/bin/x");
        Directory.CreateDirectory(deep);
        string cache = Path.Combine(temp.Path, "cache");

        Assert.Equal([temp.Path, cache, Path.Combine(temp.Path, "repo", "data")], DataPaths.Candidates(temp.Path, cache, temp.Path, deep));
        Assert.Equal([cache], DataPaths.Candidates(null, cache, temp.Path));
        Assert.Equal(temp.Path, DataPaths.Resolve(temp.Path, cache, deep));
        Assert.Equal(cache, DataPaths.Resolve(null, cache, temp.Path));                  // nothing exists yet: the cache
        Directory.CreateDirectory(Path.Combine(temp.Path, "repo", "data"));
        Assert.Equal(Path.Combine(temp.Path, "repo", "data"), DataPaths.Resolve(null, cache, deep));
        Directory.CreateDirectory(cache);
        Assert.Equal(cache, DataPaths.Resolve(null, cache, deep));                       // a student's set-up filled the cache
    }

    [Fact]
    public void The_user_cache_is_each_OS_own_cache_folder()
    {
        var none = new Dictionary<string, string>();
        Assert.Equal("/home/stu/.cache/labs/data", DataPaths.UserCache("linux", none.GetValueOrDefault, "/home/stu"));
        Assert.Equal("/xdg/labs/data", DataPaths.UserCache("linux", new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "/xdg" }.GetValueOrDefault, "/home/stu"));
        Assert.Equal("/Users/stu/Library/Caches/labs/data", DataPaths.UserCache("macos", none.GetValueOrDefault, "/Users/stu"));
        Assert.Equal(Path.Join(@"C:\Users\stu\AppData\Local", "labs", "data"),
                     DataPaths.UserCache("windows", new Dictionary<string, string> { ["LOCALAPPDATA"] = @"C:\Users\stu\AppData\Local" }.GetValueOrDefault, @"C:\Users\stu"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void A_digits_file_with_a_partial_image_out_of_range_values_or_cut_short_is_rejected()
    {
        using var temp = new TempFolder();
        var partial = temp.File("partial/3.json");
        File.WriteAllText(partial, "{\"data\":[" + string.Join(",", Enumerable.Repeat("0.5", 784 + 10)) + "]}");
        var outOfRange = temp.File("range/3.json");
        File.WriteAllText(outOfRange, "{\"data\":[" + string.Join(",", Enumerable.Repeat("0", 783).Append("255")) + "]}");

        var cutShort = temp.File("cut/3.json");
        File.WriteAllText(cutShort, "{\"data\":[0,0.5,0.25,");

        var partialError = Assert.Throws<InvalidDataException>(() => MnistJsonDigits.ReadDigitFile(partial));
        var cutShortError = Assert.Throws<InvalidDataException>(() => MnistJsonDigits.ReadDigitFile(cutShort));
        var rangeError = Assert.Throws<InvalidDataException>(() => MnistJsonDigits.ReadDigitFile(outOfRange));

        Assert.Contains(partial, partialError.Message);
        Assert.Contains("794", partialError.Message);
        Assert.Contains(outOfRange, rangeError.Message);
        Assert.Contains("255", rangeError.Message);
        Assert.Contains(cutShort, cutShortError.Message);
        Assert.Contains("environment/setup.sh", cutShortError.Message);
        Assert.Equal(784, MnistJsonDigits.ReadDigitFile(TestFiles.WriteDigits(temp.File("good/3.json"), 1)).Length);
    }

    [Fact]
    public void An_empty_class_folder_is_named_with_the_fix()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("tree/cat/a.png"), SKColors.Red);
        Directory.CreateDirectory(temp.File("tree/dog"));
        File.WriteAllText(temp.File("tree/dog/notes.txt"), "not an image");

        var error = Assert.Throws<InvalidDataException>(() => ImageFolder.Load(Path.Combine(temp.Path, "tree")));

        Assert.Contains(Path.Combine(temp.Path, "tree", "dog"), error.Message);
        Assert.Contains("add its images or delete the folder", error.Message);
    }

    [Fact]
    public void An_unreadable_image_is_named_when_its_item_is_read()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("tree/cat/good.png"), SKColors.Red);
        File.WriteAllBytes(temp.File("tree/cat/bad.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        var dataset = ImageFolder.Load(Path.Combine(temp.Path, "tree"));
        var bad = dataset.Paths.ToList().IndexOf(temp.File("tree/cat/bad.png"));

        var error = Assert.Throws<InvalidDataException>(() => dataset.GetImage(bad));

        Assert.Contains(temp.File("tree/cat/bad.png"), error.Message);
        Assert.Contains("replace the file or remove it", error.Message);
    }

    [Fact]
    public void A_truncated_png_is_named_as_truncated()
    {
        using var temp = new TempFolder();
        var path = temp.File("big.png");
        TestFiles.WritePng(path, SKColors.Blue, size: 64, noise: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var error = Assert.Throws<InvalidDataException>(() => ImageFiles.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
