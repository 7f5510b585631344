using System.Globalization;
using nietras.SeparatedValues;

namespace Course.Labs.Data;

/// <summary>
/// A CSV list of images, one <c>path,label</c> row each (the Caltech-101 lab's train.csv / valid.csv / test.csv), read
/// with Sep: the separator is detected from the first row (<c>,</c> <c>;</c> tab <c>|</c>), fields may be quoted and
/// hold separators, quotes (doubled) and line breaks. A header row is detected (a first row whose label is not a
/// number and whose path is not an image); with a header, the columns named <c>path</c> and <c>label</c> are used,
/// else the first two. Paths are relative to the data root, by default the CSV's own folder. Labels are class
/// indices, or class names (sorted ordinally into indices).
/// </summary>
public static class CsvImageList
{
    /// <summary>Reads the list in <paramref name="csvPath"/> (images are decoded later, when asked for, and scaled to <paramref name="size"/> if given).</summary>
    public static ImageFileDataset Load(string csvPath, string? dataRoot = null, int channels = 3, (int Height, int Width)? size = null)
    {
        if (!File.Exists(csvPath))
            throw new FileNotFoundException($"Image list '{csvPath}' is missing: write it (path,label rows) or {DataPaths.FetchHint}.", csvPath);
        var root = dataRoot ?? Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var rows = ReadRows(csvPath);
        if (rows.Count == 0) throw new InvalidDataException($"Image list '{csvPath}' is empty: write one path,label row per image.");

        int pathColumn = 0, labelColumn = 1;
        var first = rows[0].Fields;
        if (first.Length < 2) throw new InvalidDataException($"Image list '{csvPath}' line {rows[0].Line} has one column: write path,label rows.");
        if (!int.TryParse(first[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && !ImageFiles.IsImage(first[0]))
        {
            var header = first.Select(h => h.ToLowerInvariant()).ToList();
            pathColumn = header.IndexOf("path") is var p and >= 0 ? p : 0;
            labelColumn = header.IndexOf("label") is var l and >= 0 ? l : 1;
            rows.RemoveAt(0);
        }

        var paths = new List<string>(rows.Count);
        var labelTexts = new List<string>(rows.Count);
        foreach (var (fields, line) in rows)
        {
            if (fields.Length <= Math.Max(pathColumn, labelColumn))
                throw new InvalidDataException($"Image list '{csvPath}' line {line} has {fields.Length} columns, expected path,label.");
            paths.Add(Path.GetFullPath(Path.Combine(root, fields[pathColumn])));
            labelTexts.Add(fields[labelColumn]);
        }
        var (labels, classes) = ToLabels(labelTexts);
        return new ImageFileDataset(paths, labels, classes, channels, size);
    }

    /// <summary>
    /// Writes <paramref name="dataset"/> in the layout <see cref="Load"/> reads: each image as a PNG file
    /// (<c>images/LIST/LABEL/NNNNNN.png</c> beside the list, LIST being the list's file name without extension) and the
    /// list <paramref name="csvPath"/> with a <c>path,label</c> header and one row per item, in item order, labels as
    /// class indices. The list is written last and atomically, so it never names an image not yet written. Returns
    /// <paramref name="csvPath"/>.
    /// </summary>
    public static string Write(ImageDataset dataset, string csvPath)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var root = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var list = Path.GetFileNameWithoutExtension(csvPath);
        var rows = new string[dataset.Count];
        for (var i = 0; i < dataset.Count; i++)
        {
            var relative = $"images/{list}/{dataset.Labels[i]}/{i:D6}.png";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, relative))!);
            using var image = dataset.GetImage(i);
            ImageFiles.Save(image, Path.Combine(root, relative));
            rows[i] = $"{relative},{dataset.Labels[i].ToString(CultureInfo.InvariantCulture)}";
        }
        var temporary = csvPath + ".tmp";
        File.WriteAllLines(temporary, ["path,label", .. rows]);
        File.Move(temporary, csvPath, overwrite: true);
        return csvPath;
    }

    /// <summary>Every non-empty row's fields (unquoted, trimmed) and the line it starts on.</summary>
    private static List<(string[] Fields, int Line)> ReadRows(string csvPath)
    {
        try
        {
            using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromFile(csvPath);
            var rows = new List<(string[] Fields, int Line)>();
            foreach (var row in reader)
            {
                var fields = new string[row.ColCount];
                for (int i = 0; i < fields.Length; i++) fields[i] = row[i].ToString().Trim();
                if (rows.Count == 0 && fields.Length > 0) fields[0] = fields[0].TrimStart('\uFEFF');
                if (fields.All(f => f.Length == 0)) continue;
                rows.Add((fields, row.LineNumberFrom));
            }
            return rows;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Image list '{csvPath}' is not a CSV file that can be read ({e.Message}): write one path,label row per image.", e);
        }
    }

    /// <summary>Integer labels as they are (classes "0".."max"); otherwise class names sorted ordinally.</summary>
    private static (int[] Labels, string[] Classes) ToLabels(List<string> texts)
    {
        var numbers = new int[texts.Count];
        var allNumbers = true;
        for (var i = 0; i < texts.Count && allNumbers; i++)
            allNumbers = int.TryParse(texts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]) && numbers[i] >= 0;
        if (allNumbers)
            return (numbers, Enumerable.Range(0, numbers.Max() + 1).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray());
        var classes = texts.Distinct().Order(StringComparer.Ordinal).ToArray();
        var index = classes.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        return (texts.Select(t => index[t]).ToArray(), classes);
    }
}
