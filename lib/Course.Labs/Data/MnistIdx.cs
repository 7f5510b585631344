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
        => Read(path, stream =>
        {
            var header = ReadHeader(path, stream, ImagesMagic, "images", dimensions: 3);
            var (count, rows, columns) = (header[0], header[1], header[2]);
            var pixels = ReadExactly(path, stream, (long)count * rows * columns, $"{count} images of {rows}x{columns}");
            return (pixels, count, rows, columns);
        });

    /// <summary>Reads an IDX labels file: one label a byte.</summary>
    public static int[] ReadLabels(string path)
        => Read(path, stream =>
        {
            var count = ReadHeader(path, stream, LabelsMagic, "labels", dimensions: 1)[0];
            return Array.ConvertAll(ReadExactly(path, stream, count, $"{count} labels"), b => (int)b);
        });

    /// <summary>Opens <paramref name="path"/>, decompressing it when it starts with the gzip signature, and reads it with <paramref name="read"/>.</summary>
    private static T Read<T>(string path, Func<Stream, T> read)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"IDX file '{path}' is missing: {DataPaths.FetchHint}.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var isGzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        try
        {
            using var stream = isGzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            return read(stream);
        }
        catch (InvalidDataException e) when (isGzip && !e.Message.StartsWith('\''))
        {
            throw new InvalidDataException($"'{path}' is a damaged or truncated gzip file ({e.Message}); {Fix}.", e);
        }
    }

    /// <summary>Reads and checks the magic number, then the <paramref name="dimensions"/> sizes that follow it.</summary>
    private static int[] ReadHeader(string path, Stream stream, int magic, string kind, int dimensions)
    {
        RequireMagic(path, ReadExactly(path, stream, 4, "its magic number"), magic, kind);
        var sizes = ReadExactly(path, stream, 4L * dimensions, $"its {4 + 4 * dimensions}-byte header");
        return Enumerable.Range(0, dimensions).Select(d => ReadDimension(path, sizes, 4 * d)).ToArray();
    }

    /// <summary>Reads exactly <paramref name="length"/> bytes, or says the file is truncated.</summary>
    private static byte[] ReadExactly(string path, Stream stream, long length, string what)
    {
        if (length > Array.MaxLength) throw new InvalidDataException($"'{path}' declares {what}, more than one array can hold; {Fix}.");
        var bytes = new byte[length];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
            throw new InvalidDataException($"'{path}' is truncated: {what} need {length} bytes but only {read} follow; {Fix}.");
        return bytes;
    }

    private static void RequireMagic(string path, byte[] bytes, int expected, string kind)
    {
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
}
