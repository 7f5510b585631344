using System.Buffers.Binary;
using System.IO.Compression;

namespace Course.Labs.Data;

/// <summary>
/// Reads MNIST-format IDX files (MNIST, Fashion-MNIST; raw or gzip-compressed): an images file (magic
/// 0x00000803, then count, rows, columns, then one byte a pixel) and a labels file (magic 0x00000801, then count,
/// then one byte a label). Every malformed file gives an <see cref="InvalidDataException"/> naming the file and the fix.
/// </summary>
public static class MnistIdx
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    private const string Fix = "fetch it again (run environment/setup.sh), or check that the path names the right file";

    /// <summary>Loads an images file and its labels file into one in-memory data set.</summary>
    public static InMemoryImageDataset Load(string imagesPath, string labelsPath, IReadOnlyList<string> classes)
    {
        var (pixels, count, rows, columns) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException(
                $"'{imagesPath}' holds {count} images but '{labelsPath}' holds {labels.Length} labels: the two files do not belong together; {Fix}.");
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] >= classes.Count)
                throw new InvalidDataException($"'{labelsPath}': label {labels[i]} at item {i} is outside the {classes.Count} classes; {Fix}.");
        return new InMemoryImageDataset(pixels, labels, channels: 1, rows, columns, classes);
    }

    /// <summary>Reads an IDX images file: the pixels (one byte each, image after image) and the shape.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path)
    {
        var bytes = ReadAllBytesMaybeGzip(path);
        RequireMagic(path, bytes, ImagesMagic, "images");
        RequireLength(path, bytes, 16, "its 16-byte header");
        var count = ReadDimension(path, bytes, 4);
        var rows = ReadDimension(path, bytes, 8);
        var columns = ReadDimension(path, bytes, 12);
        var expected = 16 + (long)count * rows * columns;
        RequireLength(path, bytes, expected, $"{count} images of {rows}x{columns}");
        return (bytes.AsSpan(16, (int)(expected - 16)).ToArray(), count, rows, columns);
    }

    /// <summary>Reads an IDX labels file: one label a byte.</summary>
    public static int[] ReadLabels(string path)
    {
        var bytes = ReadAllBytesMaybeGzip(path);
        RequireMagic(path, bytes, LabelsMagic, "labels");
        RequireLength(path, bytes, 8, "its 8-byte header");
        var count = ReadDimension(path, bytes, 4);
        RequireLength(path, bytes, 8 + (long)count, $"{count} labels");
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = bytes[8 + i];
        return labels;
    }

    private static byte[] ReadAllBytesMaybeGzip(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' is missing: {DataPaths.FetchHint}.", path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var decompressed = new MemoryStream(raw.Length * 2);
            gzip.CopyTo(decompressed);
            return decompressed.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is a damaged or truncated gzip file ({e.Message}); {Fix}.", e);
        }
    }

    private static void RequireMagic(string path, byte[] bytes, int expected, string kind)
    {
        RequireLength(path, bytes, 4, "its magic number");
        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expected)
            throw new InvalidDataException(
                $"'{path}' is not an IDX {kind} file: magic number 0x{magic:X8}, expected 0x{expected:X8}; {Fix}.");
    }

    private static int ReadDimension(string path, byte[] bytes, int offset)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
        if (value < 0) throw new InvalidDataException($"'{path}' has a negative dimension ({value}) in its header; {Fix}.");
        return value;
    }

    private static void RequireLength(string path, byte[] bytes, long expected, string what)
    {
        if (bytes.LongLength < expected)
            throw new InvalidDataException(
                $"'{path}' is truncated: {what} need {expected} bytes but the file has {bytes.LongLength}; {Fix}.");
    }
}
