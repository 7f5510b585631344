using System.Buffers.Binary;
using System.Text;

namespace Course.Setup;

/// <summary>One symbol-version requirement of an ELF shared object (an entry of .gnu.version_r).</summary>
/// <param name="Library">The library the version is needed from (vn_file), e.g. libstdc++.so.6.</param>
/// <param name="Version">The version name (vna_name), e.g. GLIBCXX_3.4.32.</param>
/// <param name="Weak">True when VER_FLG_WEAK is set: the loader only warns when the version is missing.</param>
/// <param name="Symbols">The dynamic symbols bound to this version.</param>
/// <param name="FlagsOffset">File offset of vna_flags, where the weak flag is written.</param>
public sealed record VersionNeed(string Library, string Version, bool Weak, IReadOnlyList<string> Symbols, long FlagsOffset);

/// <summary>
/// Reads the version requirements (verneed) and version definitions (verdef) of a 64-bit little-endian ELF file,
/// and writes a copy with chosen requirements marked weak. glibc's loader refuses to load a library that needs a
/// version its dependency lacks, unless the requirement is weak; marking it weak is safe only when no symbol bound
/// to that version is ever called (see <see cref="ElfVersionNeeds.KnownUnusedSymbols"/>).
/// </summary>
public sealed class ElfVersionNeeds
{
    private const uint ShtDynsym = 11, ShtVerdef = 0x6ffffffd, ShtVerneed = 0x6ffffffe, ShtVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>
    /// Symbols known to be referenced only to force a link dependency, never called. GCC 13's &lt;iostream&gt; emits
    /// <c>.globl _ZSt21ios_base_library_initv</c> so that the program depends on GLIBCXX_3.4.32's iostream
    /// initialisation; older libstdc++ initialises iostreams through ios_base::Init as before, so nothing is lost.
    /// </summary>
    public static readonly IReadOnlySet<string> KnownUnusedSymbols = new HashSet<string> { "_ZSt21ios_base_library_initv" };

    private readonly byte[] bytes;

    public string Path { get; }
    public IReadOnlyList<VersionNeed> Needs { get; }
    public IReadOnlyList<string> Definitions { get; }

    private ElfVersionNeeds(string path, byte[] bytes, List<VersionNeed> needs, List<string> definitions)
    {
        Path = path;
        this.bytes = bytes;
        Needs = needs;
        Definitions = definitions;
    }

    /// <summary>Reads an ELF file; throws <see cref="InvalidDataException"/> naming the file when it is not 64-bit LE ELF.</summary>
    public static ElfVersionNeeds Read(string path)
    {
        byte[] b;
        try { b = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the file ({e.Message}).", e);
        }
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file (bad magic number).");
        if (b[4] != 2 || b[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF files are supported.");

        var sections = ReadSections(path, b);
        var needs = new List<VersionNeed>();
        var defs = new List<string>();

        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        var versym = sections.FirstOrDefault(s => s.Type == ShtVersym);
        var symbolsByVersionIndex = new Dictionary<int, List<string>>();
        if (dynsym is not null && versym is not null)
        {
            var dynstr = sections[(int)dynsym.Link];
            long count = dynsym.Size / 24;
            for (long i = 0; i < count; i++)
            {
                long entry = dynsym.Offset + i * 24;
                uint nameOffset = U32(b, entry);
                int index = U16(b, versym.Offset + i * 2) & 0x7fff;
                if (index < 2) continue;
                if (!symbolsByVersionIndex.TryGetValue(index, out var list))
                    symbolsByVersionIndex[index] = list = [];
                list.Add(Str(b, dynstr.Offset + nameOffset));
            }
        }

        foreach (var sec in sections.Where(s => s.Type == ShtVerneed))
        {
            var strtab = sections[(int)sec.Link];
            long at = sec.Offset;
            for (int n = 0; n < (int)sec.Info; n++)
            {
                ushort cnt = U16(b, at + 2);
                string file = Str(b, strtab.Offset + U32(b, at + 4));
                uint aux = U32(b, at + 8), next = U32(b, at + 12);
                long a = at + aux;
                for (int k = 0; k < cnt; k++)
                {
                    ushort flags = U16(b, a + 4), other = U16(b, a + 6);
                    string name = Str(b, strtab.Offset + U32(b, a + 8));
                    var symbols = symbolsByVersionIndex.GetValueOrDefault(other) ?? [];
                    needs.Add(new VersionNeed(file, name, (flags & VerFlgWeak) != 0, symbols, a + 4));
                    uint anext = U32(b, a + 12);
                    if (anext == 0) break;
                    a += anext;
                }
                if (next == 0) break;
                at += next;
            }
        }

        foreach (var sec in sections.Where(s => s.Type == ShtVerdef))
        {
            var strtab = sections[(int)sec.Link];
            long at = sec.Offset;
            for (int n = 0; n < (int)sec.Info; n++)
            {
                uint aux = U32(b, at + 12), next = U32(b, at + 16);
                defs.Add(Str(b, strtab.Offset + U32(b, at + aux)));
                if (next == 0) break;
                at += next;
            }
        }
        return new ElfVersionNeeds(path, b, needs, defs);
    }

    /// <summary>Writes a copy of the file with the given requirements marked weak (atomically: temp file, then rename).</summary>
    public void WriteWithWeakNeeds(IEnumerable<VersionNeed> toRelax, string outputPath)
    {
        var copy = (byte[])bytes.Clone();
        foreach (var need in toRelax)
        {
            ushort flags = U16(copy, need.FlagsOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)need.FlagsOffset), (ushort)(flags | VerFlgWeak));
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath))!);
        string temp = outputPath + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temp, copy);
        File.Move(temp, outputPath, overwrite: true);
    }

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);

    private static List<Section> ReadSections(string path, byte[] b)
    {
        long shoff = (long)U64(b, 0x28);
        ushort shentsize = U16(b, 0x3a), shnum = U16(b, 0x3c);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > b.Length)
            throw new InvalidDataException($"{path}: the section header table is missing or truncated.");
        var list = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            long h = shoff + (long)i * shentsize;
            list.Add(new Section(U32(b, h + 4), (long)U64(b, h + 24), (long)U64(b, h + 32), U32(b, h + 40), U32(b, h + 44)));
        }
        return list;
    }

    private static ushort U16(byte[] b, long at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(checked((int)at)));
    private static uint U32(byte[] b, long at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(checked((int)at)));
    private static ulong U64(byte[] b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(checked((int)at)));

    private static string Str(byte[] b, long at)
    {
        int start = checked((int)at), end = Array.IndexOf(b, (byte)0, start);
        return Encoding.ASCII.GetString(b, start, (end < 0 ? b.Length : end) - start);
    }
}
