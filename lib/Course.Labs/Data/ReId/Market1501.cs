using System.Globalization;
using System.Text.RegularExpressions;

namespace Course.Labs.Data.ReId;

/// <summary>
/// The Market-1501 person re-identification data set as torchreid reads it: <c>bounding_box_train</c> (training),
/// <c>query</c> and <c>bounding_box_test</c> (gallery). Junk images (person id -1) are dropped; distractors (id 0)
/// stay in the gallery; cameras become zero-based; training ids are relabelled 0..N-1 in sorted order.
/// </summary>
public sealed partial class Market1501
{
    /// <summary>The counts of the real data set (Zheng et al., ICCV 2015), as torchreid loads it.</summary>
    public static readonly (int Images, int Ids) RealTrain = (12_936, 751), RealQuery = (3_368, 750), RealGallery = (15_913, 751);

    /// <summary>The folder holding bounding_box_train, bounding_box_test and query.</summary>
    public string Root { get; }
    public IReadOnlyList<ReIdImage> Train { get; }
    public IReadOnlyList<ReIdImage> Query { get; }
    public IReadOnlyList<ReIdImage> Gallery { get; }

    /// <summary>Number of training identities (the classifier's output size).</summary>
    public int TrainIds { get; }

    /// <summary>Differences from the real data set's counts (empty for the full Market-1501).</summary>
    public IReadOnlyList<string> Warnings { get; }

    private Market1501(string root, List<ReIdImage> train, List<ReIdImage> query, List<ReIdImage> gallery, List<string> warnings)
    {
        Root = root;
        Train = train;
        Query = query;
        Gallery = gallery;
        TrainIds = train.Select(i => i.Label).DefaultIfEmpty(-1).Max() + 1;
        Warnings = warnings;
    }

    // torchreid: pattern = re.compile(r'([-\d]+)_c(\d)'); the sequence and frame follow as s(\d)_(\d+).
    [GeneratedRegex(@"^([-\d]+)_c(\d)(?:s(\d+)_(\d+))?", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    /// <summary>
    /// Loads the data set from <paramref name="root"/>: the folder holding the three sub-folders, or a folder that
    /// holds <c>Market-1501-v15.09.15</c>. Counts that differ from the real data set are reported in
    /// <see cref="Warnings"/> (and written to <paramref name="log"/> when given); a wrong folder is an error that says
    /// what is missing.
    /// </summary>
    public static Market1501 Load(string root, TextWriter? log = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException(
                $"Market-1501 folder '{root}' does not exist. Point to the folder that holds bounding_box_train, " +
                "bounding_box_test and query (the unzipped Market-1501-v15.09.15), or generate a Market-style set " +
                "with MarketStyleGenerator.Generate(...).");
        string inner = Path.Combine(root, "Market-1501-v15.09.15");
        if (!Directory.Exists(Path.Combine(root, "bounding_box_train")) && Directory.Exists(inner)) root = inner;

        string[] parts = ["bounding_box_train", "query", "bounding_box_test"];
        var missing = parts.Where(p => !Directory.Exists(Path.Combine(root, p))).ToList();
        if (missing.Count > 0)
            throw new DirectoryNotFoundException(
                $"'{root}' is not a Market-1501 folder: {string.Join(", ", missing)} missing. It must hold " +
                "bounding_box_train, bounding_box_test and query (as in Market-1501-v15.09.15).");

        var train = ReadFolder(Path.Combine(root, "bounding_box_train"), relabel: true);
        var query = ReadFolder(Path.Combine(root, "query"), relabel: false);
        var gallery = ReadFolder(Path.Combine(root, "bounding_box_test"), relabel: false);

        var warnings = new List<string>();
        Compare("bounding_box_train", train, RealTrain, warnings);
        Compare("query", query, RealQuery, warnings);
        Compare("bounding_box_test", gallery, RealGallery, warnings);
        foreach (var w in warnings) log?.WriteLine($"warning: {w}");
        return new Market1501(root, train, query, gallery, warnings);
    }

    /// <summary>Parses a Market-1501 file name; null when the name does not follow the pattern.</summary>
    public static (int PersonId, int Camera, int Sequence, int Frame)? ParseName(string fileName)
    {
        var m = NamePattern().Match(fileName);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int pid))
            return null;
        int cam = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        int seq = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        int frame = m.Groups[4].Success ? int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        return (pid, cam, seq, frame);
    }

    private static List<ReIdImage> ReadFolder(string folder, bool relabel)
    {
        var parsed = new List<(string Path, int Pid, int Cam, int Seq, int Frame)>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(p => Extensions.Contains(Path.GetExtension(p).ToLowerInvariant()))
                                      .Order(StringComparer.Ordinal))
        {
            var name = ParseName(Path.GetFileName(path))
                       ?? throw new InvalidDataException(
                           $"{path}: the file name does not follow Market-1501's pattern PPPP_cCsS_FFFFFF_DD.jpg " +
                           "(person id, camera 1-6, sequence, frame, detection). Rename it or move it out of the folder.");
            if (name.PersonId == -1) continue;   // junk images are just ignored (torchreid)
            if (name.PersonId < 0 || name.Camera < 1 || name.Camera > 9)
                throw new InvalidDataException($"{path}: person id {name.PersonId} or camera {name.Camera} is out of range.");
            parsed.Add((path, name.PersonId, name.Camera - 1, name.Sequence, name.Frame));   // camid -= 1: index starts from 0
        }
        var labels = relabel
            ? parsed.Select(p => p.Pid).Distinct().Order().Select((pid, i) => (pid, i)).ToDictionary(t => t.pid, t => t.i)
            : null;
        return parsed.Select(p => new ReIdImage(p.Path, p.Pid, p.Cam, p.Seq, p.Frame, labels is null ? p.Pid : labels[p.Pid])).ToList();
    }

    private static void Compare(string part, List<ReIdImage> images, (int Images, int Ids) real, List<string> warnings)
    {
        int ids = images.Select(i => i.PersonId).Distinct().Count();
        if (images.Count != real.Images || ids != real.Ids)
            warnings.Add($"{part} has {images.Count:N0} images of {ids:N0} identities; the real Market-1501 has " +
                         $"{real.Images:N0} of {real.Ids:N0} (a subset or a generated Market-style set?).");
    }
}
