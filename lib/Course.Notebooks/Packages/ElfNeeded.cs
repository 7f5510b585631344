namespace Course.Notebooks.Packages;

/// <summary>Reads the DT_NEEDED entries (the libraries it links against) of a 64-bit little-endian ELF shared library.</summary>
public static class ElfNeeded
{
    private const uint SectionDynamic = 6;
    private const long TagNeeded = 1;

    /// <summary>The needed library names, or none when the file is not a 64-bit little-endian ELF file.</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 64 || bytes[0] != 0x7F || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F' || bytes[4] != 2 || bytes[5] != 1)
                return [];
            var sectionTable = (long)BitConverter.ToUInt64(bytes, 0x28);
            var entrySize = BitConverter.ToUInt16(bytes, 0x3A);
            var count = BitConverter.ToUInt16(bytes, 0x3C);
            for (var i = 0; i < count; i++)
            {
                var header = sectionTable + (long)i * entrySize;
                if (BitConverter.ToUInt32(bytes, (int)header + 4) != SectionDynamic) continue;
                var offset = (long)BitConverter.ToUInt64(bytes, (int)header + 0x18);
                var size = (long)BitConverter.ToUInt64(bytes, (int)header + 0x20);
                var link = BitConverter.ToUInt32(bytes, (int)header + 0x28);
                var strings = (long)BitConverter.ToUInt64(bytes, (int)(sectionTable + link * entrySize) + 0x18);
                var needed = new List<string>();
                for (var entry = offset; entry + 16 <= offset + size; entry += 16)
                {
                    var tag = BitConverter.ToInt64(bytes, (int)entry);
                    if (tag == 0) break;
                    if (tag == TagNeeded) needed.Add(CString(bytes, strings + (long)BitConverter.ToUInt64(bytes, (int)entry + 8)));
                }
                return needed;
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException) { }
        return [];
    }

    private static string CString(byte[] bytes, long start)
    {
        var end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return System.Text.Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }
}
