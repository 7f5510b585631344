using Course.Labs.Data.ReId;

namespace Course.Labs.Tests.ReId;

public sealed class Market1501Tests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"market-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private void Touch(string folder, params string[] names)
    {
        Directory.CreateDirectory(Path.Combine(root, folder));
        foreach (var n in names) File.WriteAllBytes(Path.Combine(root, folder, n), []);
    }

    private void HandMadeTree()
    {
        Touch("bounding_box_train", "0007_c2s3_000451_03.jpg", "0002_c1s1_000451_03.jpg", "0002_c3s1_000101_01.jpg", "-1_c1s1_000001_01.jpg");
        Touch("query", "0005_c1s1_001051_00.jpg", "0010_c6s4_002202_01.jpg");
        Touch("bounding_box_test", "0005_c2s1_000976_01.jpg", "0000_c4s2_000300_05.jpg", "-1_c1s1_000401_03.jpg", "0010_c1s1_000050_02.jpg");
        File.WriteAllText(Path.Combine(root, "bounding_box_test", "Thumbs.db"), "not an image");
    }

    [Theory]
    [InlineData("0002_c1s1_000451_03.jpg", 2, 1, 1, 451)]
    [InlineData("-1_c3s2_000100_01.jpg", -1, 3, 2, 100)]
    [InlineData("1501_c6s4_002202_01.jpg", 1501, 6, 4, 2202)]
    [InlineData("0000_c4s2_000300_05.jpg", 0, 4, 2, 300)]
    public void Parses_Market_file_names(string name, int pid, int cam, int seq, int frame)
        => Assert.Equal((pid, cam, seq, frame), Market1501.ParseName(name));

    [Theory]
    [InlineData("img_0001.jpg")]
    [InlineData("0002-c1s1.jpg")]
    public void Rejects_other_names(string name) => Assert.Null(Market1501.ParseName(name));

    [Fact]
    public void Reads_a_hand_made_tree_like_torchreid()
    {
        HandMadeTree();
        var m = Market1501.Load(root);

        // Train: junk (-1) dropped, sorted by file name, ids relabelled in sorted order (2 -> 0, 7 -> 1), cameras from 0.
        Assert.Equal([(2, 0, 0), (2, 2, 0), (7, 1, 1)], m.Train.Select(i => (i.PersonId, i.CameraId, i.Label)));
        Assert.Equal(2, m.TrainIds);
        Assert.Equal([(5, 0), (10, 5)], m.Query.Select(i => (i.PersonId, i.CameraId)));
        // Gallery: junk dropped, distractor (0) kept, non-image files ignored.
        Assert.Equal([0, 5, 10], m.Gallery.Select(i => i.PersonId).Order());
        var d = m.Gallery.Single(i => i.PersonId == 0);
        Assert.Equal((3, 2, 300), (d.CameraId, d.Sequence, d.Frame));
        Assert.Equal(3, m.Warnings.Count);   // counts differ from the real data set in all three parts
        Assert.Contains("12,936", m.Warnings[0]);
    }

    [Fact]
    public void Accepts_the_folder_that_holds_the_unzipped_data_set()
    {
        string inner = Path.Combine(root, "Market-1501-v15.09.15");
        foreach (var f in new[] { "bounding_box_train", "query", "bounding_box_test" }) Directory.CreateDirectory(Path.Combine(inner, f));
        File.WriteAllBytes(Path.Combine(inner, "query", "0005_c1s1_001051_00.jpg"), []);
        var m = Market1501.Load(root);
        Assert.Equal(inner, m.Root);
        Assert.Single(m.Query);
    }

    [Fact]
    public void A_missing_folder_is_an_error_that_says_what_to_do()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => Market1501.Load(root));
        Assert.Contains(root, e.Message);
        Assert.Contains("MarketStyleGenerator", e.Message);
    }

    [Fact]
    public void A_wrong_folder_names_the_missing_parts()
    {
        Touch("query", "0005_c1s1_001051_00.jpg");
        var e = Assert.Throws<DirectoryNotFoundException>(() => Market1501.Load(root));
        Assert.Contains("bounding_box_train, bounding_box_test missing", e.Message);
    }

    [Fact]
    public void A_badly_named_image_is_an_error_naming_the_file()
    {
        HandMadeTree();
        Touch("query", "holiday.jpg");
        var e = Assert.Throws<InvalidDataException>(() => Market1501.Load(root));
        Assert.Contains("holiday.jpg", e.Message);
    }

    [Fact]
    public void Reads_a_generated_set_exactly_as_a_hand_made_tree_with_the_same_names()
    {
        string generated = Path.Combine(root, "generated");
        MarketStyleGenerator.Generate(generated, MarketStyleOptions.Tiny(seed: 3));
        string copy = Path.Combine(root, "names-only");
        foreach (var folder in new[] { "bounding_box_train", "query", "bounding_box_test" })
        {
            Directory.CreateDirectory(Path.Combine(copy, folder));
            foreach (var f in Directory.EnumerateFiles(Path.Combine(generated, folder)))
                File.WriteAllBytes(Path.Combine(copy, folder, Path.GetFileName(f)), []);
        }
        var a = Market1501.Load(generated);
        var b = Market1501.Load(copy);
        static IEnumerable<(string, int, int, int, int, int)> Key(IEnumerable<ReIdImage> images)
            => images.Select(i => (Path.GetFileName(i.Path), i.PersonId, i.CameraId, i.Sequence, i.Frame, i.Label));
        Assert.Equal(Key(a.Train), Key(b.Train));
        Assert.Equal(Key(a.Query), Key(b.Query));
        Assert.Equal(Key(a.Gallery), Key(b.Gallery));
        Assert.Equal(a.TrainIds, b.TrainIds);
    }
}
