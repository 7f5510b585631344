using Course.Labs.Data.ReId;
using Course.Labs.Tests.Support;
using SkiaSharp;

namespace Course.Labs.Tests.ReId;

public sealed class MarketStyleGeneratorTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"market-gen-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private static string Fingerprint(string set) => SeedProbe.SetFingerprint(set);

    [Fact]
    public void Same_seed_same_set_other_seed_other_set()
    {
        string a = MarketStyleGenerator.Generate(Path.Combine(root, "a"), MarketStyleOptions.Tiny(seed: 5));
        string b = MarketStyleGenerator.Generate(Path.Combine(root, "b"), MarketStyleOptions.Tiny(seed: 5));
        string c = MarketStyleGenerator.Generate(Path.Combine(root, "c"), MarketStyleOptions.Tiny(seed: 6));
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(c));
    }

    [Fact]
    public void Split_follows_Market_1501()
    {
        var options = MarketStyleOptions.Tiny(seed: 2);
        var m = Market1501.Load(MarketStyleGenerator.Generate(root, options));

        Assert.Equal(options.TrainIds, m.TrainIds);
        Assert.Equal(options.TestIds, m.Query.Select(q => q.PersonId).Distinct().Count());
        Assert.Empty(m.Train.Select(i => i.PersonId).Intersect(m.Query.Select(i => i.PersonId)));   // disjoint identities
        // One query per identity and camera; every query has a gallery image of the same person in another camera.
        Assert.Equal(m.Query.Count, m.Query.Select(q => (q.PersonId, q.CameraId)).Distinct().Count());
        Assert.All(m.Query, q => Assert.Contains(m.Gallery, g => g.PersonId == q.PersonId && g.CameraId != q.CameraId));
        // Distractors stay in the gallery; junk files exist on disk but are dropped.
        Assert.Equal(options.Distractors, m.Gallery.Count(g => g.PersonId == 0));
        Assert.Equal(options.Junk, Directory.EnumerateFiles(Path.Combine(root, "bounding_box_test"), "-1_*").Count());
        Assert.All(m.Train.Concat(m.Query).Concat(m.Gallery), i => Assert.InRange(i.CameraId, 0, 5));
    }

    [Fact]
    public void Images_are_Market_sized_jpegs()
    {
        var m = Market1501.Load(MarketStyleGenerator.Generate(root, MarketStyleOptions.Tiny()));
        using var image = SKBitmap.Decode(m.Train[0].Path);
        Assert.NotNull(image);
        Assert.Equal((64, 128), (image.Width, image.Height));
    }

    [Fact]
    public void A_complete_set_is_not_generated_twice_and_a_foreign_folder_is_refused()
    {
        var options = MarketStyleOptions.Tiny();
        MarketStyleGenerator.Generate(root, options);
        string probe = Directory.EnumerateFiles(Path.Combine(root, "query")).First();
        var before = File.GetLastWriteTimeUtc(probe);
        Thread.Sleep(20);
        MarketStyleGenerator.Generate(root, options);
        Assert.Equal(before, File.GetLastWriteTimeUtc(probe));

        string foreign = Path.Combine(root, "query");   // holds images but no marker
        Assert.Throws<IOException>(() => MarketStyleGenerator.Generate(foreign, options));
    }

    [Fact]
    public void Bad_options_name_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MarketStyleGenerator.Generate(root, MarketStyleOptions.Tiny() with { ImagesPerCamera = 1 }));
        Assert.Equal("ImagesPerCamera", e.ParamName);
    }
}
