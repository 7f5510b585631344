using System.Text.Json;
using Course.Labs.Runtime;
using SkiaSharp;

namespace Course.Labs.Data.ReId;

/// <summary>Size and seed of a generated Market-style data set.</summary>
/// <param name="TrainIds">Identities in bounding_box_train (Market-1501: 751).</param>
/// <param name="TestIds">Identities in query and bounding_box_test (Market-1501: 750).</param>
/// <param name="ImagesPerCamera">Mean number of images of an identity in each camera that sees it (at least 2).</param>
/// <param name="Distractors">Gallery images of nobody in particular (person id 0000), as in Market-1501.</param>
/// <param name="Junk">Gallery images of failed detections (person id -1), which readers drop.</param>
/// <param name="Seed">Everything is deterministic given the options.</param>
public sealed record MarketStyleOptions(int TrainIds = 751, int TestIds = 750, int ImagesPerCamera = 4, int Distractors = 500, int Junk = 300, int Seed = 0)
{
    /// <summary>For tests: 8 + 8 identities, a few hundred images, a second or two.</summary>
    public static MarketStyleOptions Tiny(int seed = 0) => new(TrainIds: 8, TestIds: 8, ImagesPerCamera: 2, Distractors: 6, Junk: 4, Seed: seed);

    /// <summary>For a lab on a laptop: 100 + 100 identities, a few thousand images.</summary>
    public static MarketStyleOptions Small(int seed = 0) => new(TrainIds: 100, TestIds: 100, ImagesPerCamera: 3, Distractors: 100, Junk: 50, Seed: seed);

    /// <summary>Market-1501's number of identities (about 30,000 images).</summary>
    public static MarketStyleOptions Full(int seed = 0) => new(Seed: seed);

    public const int Cameras = 6;
}

/// <summary>
/// Writes a Market-1501-style data set made on this machine: people rendered with SkiaSharp (<see cref="PersonRenderer"/>),
/// each identity with its own build, clothes, patterns, hair and bag, seen by six cameras that differ in viewpoint,
/// lighting, background, scale, blur and occlusion. The layout and file names are Market-1501's
/// (bounding_box_train, bounding_box_test, query; <c>0002_c1s1_000451_03.jpg</c>), and the query/gallery split
/// follows it: for each test identity, one image per camera is a query, the rest are gallery images.
/// </summary>
public static class MarketStyleGenerator
{
    private const string Marker = "market-style.json";

    /// <summary>Random streams of a set's seed: one per identity (its look and images), one for the distractors and junk.</summary>
    private const long IdentityStream = 1, NobodyStream = 2;

    /// <summary>
    /// Generates the set into <paramref name="root"/>, or returns at once when <paramref name="root"/> already holds a
    /// complete set made with the same options. Writes into a temporary folder first and renames it at the end, so an
    /// interrupted run never leaves a half-written set behind.
    /// </summary>
    public static string Generate(string root, MarketStyleOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
        Validate(options);
        string markerPath = Path.Combine(root, Marker);
        string wanted = JsonSerializer.Serialize(options);
        if (IsComplete(markerPath, wanted)) return root;
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any() && !File.Exists(markerPath))
            throw new IOException($"'{root}' exists and is not a generated Market-style set; choose an empty or new folder.");

        // A temporary folder of this call's own, so that two processes generating the same set (two notebooks, a
        // class being graded in parallel) never write into each other's files.
        string temp = root.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        foreach (var sub in new[] { "bounding_box_train", "bounding_box_test", "query" }) Directory.CreateDirectory(Path.Combine(temp, sub));

        var setRandom = Reproducibility.Random(options.Seed);
        var cameras = CameraLook.Draw(setRandom, MarketStyleOptions.Cameras);
        // Person ids 0001..N, train and test interleaved at random like Market-1501's.
        var ids = Enumerable.Range(1, options.TrainIds + options.TestIds).OrderBy(_ => setRandom.Next()).ToArray();
        var trainIds = ids.Take(options.TrainIds).ToHashSet();

        int total = ids.Length + options.Distractors + options.Junk, done = 0;
        Parallel.ForEach(ids, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, pid =>
        {
            WriteIdentity(temp, pid, trainIds.Contains(pid), cameras, options);
            progress?.Report((Interlocked.Increment(ref done), total));
        });
        WriteNobody(temp, cameras, options, ref done, total, progress);

        File.WriteAllText(Path.Combine(temp, Marker), wanted);
        if (IsComplete(markerPath, wanted)) { Directory.Delete(temp, recursive: true); return root; }   // another process was first
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        try
        {
            Directory.Move(temp, root);
        }
        catch (IOException) when (IsComplete(markerPath, wanted))
        {
            Directory.Delete(temp, recursive: true);   // another process moved the same set in between
        }
        return root;
    }

    private static bool IsComplete(string markerPath, string wanted)
    {
        try { return File.Exists(markerPath) && File.ReadAllText(markerPath) == wanted; }
        catch (IOException) { return false; }
    }

    private static void Validate(MarketStyleOptions o)
    {
        if (o.TrainIds < 1) throw new ArgumentOutOfRangeException(nameof(o.TrainIds), o.TrainIds, "at least one training identity is needed");
        if (o.TestIds < 1) throw new ArgumentOutOfRangeException(nameof(o.TestIds), o.TestIds, "at least one test identity is needed");
        if (o.TrainIds + o.TestIds > 9999) throw new ArgumentOutOfRangeException(nameof(o.TrainIds), "Market-1501 names hold 4-digit person ids: at most 9,999 identities");
        if (o.ImagesPerCamera < 2) throw new ArgumentOutOfRangeException(nameof(o.ImagesPerCamera), o.ImagesPerCamera, "at least 2 (one query and one gallery image per camera)");
        if (o.Distractors < 0 || o.Junk < 0) throw new ArgumentOutOfRangeException(nameof(o.Distractors), "counts cannot be negative");
    }

    private static void WriteIdentity(string root, int pid, bool train, IReadOnlyList<CameraLook> cameras, MarketStyleOptions options)
    {
        var random = Reproducibility.Random(options.Seed, IdentityStream, pid);
        var look = PersonLook.Random(random);
        // Seen by 2..6 cameras, each camera a tracklet of a few images.
        int cameraCount = 2 + random.Next(MarketStyleOptions.Cameras - 1);
        var seenBy = Enumerable.Range(0, MarketStyleOptions.Cameras).OrderBy(_ => random.Next()).Take(cameraCount).Order();
        foreach (int c in seenBy)
        {
            var camera = cameras[c];
            int count = Math.Max(2, options.ImagesPerCamera - 1 + random.Next(3));
            int sequence = 1 + random.Next(6), frame = 100 + random.Next(5000);
            var view = camera.DrawViewpoint(random);
            for (int k = 0; k < count; k++)
            {
                if (random.NextDouble() < 0.25) view = camera.DrawViewpoint(random);   // people turn
                frame += 5 + random.Next(60);
                string folder = train ? "bounding_box_train" : k == 0 ? "query" : "bounding_box_test";
                using var image = PersonRenderer.Render(look, camera, view, random);
                Save(image, Path.Combine(root, folder, Name(pid, c, sequence, frame, k + 1)));
            }
        }
    }

    private static void WriteNobody(string root, IReadOnlyList<CameraLook> cameras, MarketStyleOptions options, ref int done, int total,
                                    IProgress<(int Done, int Total)>? progress)
    {
        var random = Reproducibility.Random(options.Seed, NobodyStream);
        for (int i = 0; i < options.Distractors + options.Junk; i++)
        {
            bool junk = i >= options.Distractors;
            int c = random.Next(MarketStyleOptions.Cameras);
            var look = PersonLook.Random(random);
            using var full = PersonRenderer.Render(look, cameras[c], cameras[c].DrawViewpoint(random), random);
            // Distractors: boxes that caught only a part of someone or mostly background. Junk: a sliver.
            float keep = junk ? 0.2f + 0.2f * random.NextSingle() : 0.45f + 0.3f * random.NextSingle();
            int h = (int)(PersonRenderer.Height * keep), y = random.Next(PersonRenderer.Height - h + 1);
            using var part = new SKBitmap(full.Info);
            using (var canvas = new SKCanvas(part))
                canvas.DrawBitmap(full, new SKRect(0, y, PersonRenderer.Width, y + h), new SKRect(0, 0, PersonRenderer.Width, PersonRenderer.Height),
                    SKSamplingOptions.Default, null);   // nearest neighbour, as before the sampling options existed
            Save(part, Path.Combine(root, "bounding_box_test", Name(junk ? -1 : 0, c, 1 + random.Next(6), 100 + i * 7, 1)));
            progress?.Report((Interlocked.Increment(ref done), total));
        }
    }

    /// <summary>Market-1501's file name: <c>0002_c1s1_000451_03.jpg</c> (junk: <c>-1_c1s1_...</c>).</summary>
    public static string Name(int pid, int camera, int sequence, int frame, int detection)
        => $"{(pid < 0 ? "-1" : pid.ToString("D4"))}_c{camera + 1}s{sequence}_{frame:D6}_{detection:D2}.jpg";

    private static void Save(SKBitmap image, string path)
    {
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
