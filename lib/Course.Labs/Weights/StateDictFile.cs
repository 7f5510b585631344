using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// A state dict in TorchSharp's file format (the one <c>Module.save</c> writes, <c>Module.load</c> reads and
/// TorchSharp's <c>exportsd.py</c> writes from Python): a LEB128 entry count, then per entry a length-prefixed UTF-8
/// name and a tensor (LEB128 element type, rank and sizes, then the raw little-endian elements). Unlike
/// <c>Module.load</c> it reads the file into a dictionary without a model, so the names can be checked, filtered
/// (a new classifier head) or reported before <c>load_state_dict</c>.
/// </summary>
public static class StateDictFile
{
    /// <summary>Reads every entry of <paramref name="path"/> (CPU tensors; the caller disposes them).</summary>
    /// <exception cref="InvalidDataException">The file is truncated or is not in TorchSharp's format.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No state dict file at '{path}'.", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var entries = new Dictionary<string, Tensor>();
        try
        {
            long count = ReadUnsignedLeb128(reader);
            if (count < 0 || count > 1_000_000) throw new InvalidDataException($"it claims {count} entries");
            for (long i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                var tensor = Tensor.Load(reader);
                if (!entries.TryAdd(name, tensor)) { tensor.Dispose(); throw new InvalidDataException($"entry '{name}' appears twice"); }
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{stream.Length - stream.Position} bytes follow the last entry");
            return entries;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or NotImplementedException)
        {
            foreach (var t in entries.Values) t.Dispose();
            throw new InvalidDataException(
                $"'{path}' is not a state dict in TorchSharp's format ({e.Message}). Write one with Module.save, or from PyTorch with "
                + "lib/Course.Labs/Weights/export_torchvision.py (TorchSharp's exportsd.py format).", e);
        }
    }

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/> atomically (a temporary file renamed over it).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> entries)
    {
        var ordered = entries.ToDictionary(e => e.Key, e => e.Value);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            nn.Module.save_state_dict(writer, ordered);
        });
    }

    /// <summary>
    /// Loads <paramref name="entries"/> into <paramref name="model"/> by name, shapes and all, leaving out the entries
    /// whose names start with one of <paramref name="skipPrefixes"/> (a head that is replaced). Every other entry of the
    /// model must be in <paramref name="entries"/> and every entry must fit the model, else the error lists what differs.
    /// </summary>
    public static void Load(nn.Module model, IReadOnlyDictionary<string, Tensor> entries, string source, params string[] skipPrefixes)
    {
        bool Skipped(string name) => skipPrefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));
        var target = model.state_dict();
        var missing = target.Keys.Where(k => !Skipped(k) && !entries.ContainsKey(k)).ToList();
        var unexpected = entries.Keys.Where(k => !Skipped(k) && !target.ContainsKey(k)).ToList();
        var misshapen = entries.Where(e => !Skipped(e.Key) && target.TryGetValue(e.Key, out var t) && !t.shape.SequenceEqual(e.Value.shape))
            .Select(e => $"{e.Key}: file [{string.Join(", ", e.Value.shape)}], model [{string.Join(", ", target[e.Key].shape)}]").ToList();
        if (missing.Count + unexpected.Count + misshapen.Count > 0)
            throw new ArgumentException($"The weights in {source} do not fit this {model.GetName()}: "
                + Describe("missing from the file", missing) + Describe("not in the model", unexpected) + Describe("of another shape", misshapen)
                + "Build the model with the architecture the weights were exported from (torchvision's names and shapes).");
        using var noGrad = no_grad();
        foreach (var (name, value) in entries)
        {
            if (Skipped(name)) continue;
            var destination = target[name];
            if (destination.dtype != value.dtype)
                throw new ArgumentException($"The weights in {source}: '{name}' is {value.dtype}, the model's is {destination.dtype}.");
            destination.copy_(value);
        }
    }

    /// <summary>An unsigned LEB128 number, as TorchSharp writes the entry count (the tensor reader handles its own).</summary>
    private static long ReadUnsignedLeb128(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7)
        {
            byte b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("an entry count longer than 9 bytes");
    }

    private static string Describe(string what, List<string> names)
        => names.Count == 0 ? "" : $"{names.Count} {what} ({string.Join("; ", names.Take(6))}{(names.Count > 6 ? "; ..." : "")}). ";
}
