using System.Buffers.Binary;
using System.IO.Compression;

namespace Course.Labs.Tests.Data;

/// <summary>Writes small IDX files (images 0x00000803, labels 0x00000801) for the reader tests.</summary>
internal static class IdxFiles
{
    public static byte[] Images(int count, int rows, int columns, int magic = 0x00000803)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (var i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    public static byte[] Labels(IReadOnlyList<byte> labels, int magic = 0x00000801)
    {
        var bytes = new byte[8 + labels.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Count);
        for (var i = 0; i < labels.Count; i++) bytes[8 + i] = labels[i];
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }
}
