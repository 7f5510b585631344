using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using Course.Labs.Display;

namespace Course.Labs.Training;

/// <summary>One scalar of a TensorBoard event file: its tag, step and value.</summary>
public sealed record ScalarEvent(string Tag, long Step, double Value);

/// <summary>
/// The summaries of a TensorBoard log folder read back, as TensorBoard's event reader reads them: every
/// <c>events.out.tfevents*</c> file under the folder, record by record (TFRecord framing, CRC-32C checked), its scalars
/// and text summaries. Shown in a notebook, a table of every tag with its first and last value.
/// </summary>
public sealed class TensorBoardEvents : IHtmlContent
{
    private TensorBoardEvents(string directory, IReadOnlyList<string> files, IReadOnlyList<ScalarEvent> scalars, IReadOnlyDictionary<string, string> texts)
        => (Directory, Files, Scalars, Texts) = (directory, files, scalars, texts);

    public string Directory { get; }
    /// <summary>The event files read, in name order (TensorBoard's: by creation time, then host).</summary>
    public IReadOnlyList<string> Files { get; }
    /// <summary>Every scalar, in file and write order.</summary>
    public IReadOnlyList<ScalarEvent> Scalars { get; }
    /// <summary>Text summaries by the tag given to <c>add_text</c> (the last one written), e.g. the trainer's "Hyperparameters".</summary>
    public IReadOnlyDictionary<string, string> Texts { get; }

    /// <summary>The scalar tags, in the order first written.</summary>
    public IReadOnlyList<string> Tags => Scalars.Select(s => s.Tag).Distinct().ToList();

    /// <summary>The points of one tag, in write order (empty when the tag was never written).</summary>
    public IReadOnlyList<ScalarEvent> Series(string tag) => Scalars.Where(s => s.Tag == tag).ToList();

    /// <summary>
    /// Reads every event file under <paramref name="directory"/>. A record cut short at the end of a file (a run still
    /// writing) is left out; a damaged record throws <see cref="InvalidDataException"/> naming the file and offset.
    /// </summary>
    public static TensorBoardEvents Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"No TensorBoard log folder '{Path.GetFullPath(directory)}': train with TrainerOptions.TensorBoardDirectory set to it first.");
        var files = System.IO.Directory.GetFiles(directory, "events.out.tfevents*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var scalars = new List<ScalarEvent>();
        var texts = new Dictionary<string, string>();
        foreach (var file in files)
            foreach (var record in Records(file))
            {
                var e = Tensorboard.Event.Parser.ParseFrom(record);
                if (e.Summary is null) continue;
                foreach (var value in e.Summary.Value)
                {
                    if (value.ValueCase == Tensorboard.Summary.Types.Value.ValueOneofCase.SimpleValue)
                        scalars.Add(new ScalarEvent(value.Tag, e.Step, value.SimpleValue));
                    else if (value.ValueCase == Tensorboard.Summary.Types.Value.ValueOneofCase.Tensor && value.Tensor.StringVal.Count > 0)
                        texts[TextTag(value.Tag)] = string.Join("\n", value.Tensor.StringVal.Select(s => s.ToStringUtf8()));
                }
            }
        return new TensorBoardEvents(directory, files, scalars, texts);
    }

    /// <summary>PyTorch's writer (TorchSharp's too) stores <c>add_text(tag, ...)</c> under "tag/text_summary": the tag as given.</summary>
    private static string TextTag(string tag) => tag.EndsWith("/text_summary", StringComparison.Ordinal) ? tag[..^"/text_summary".Length] : tag;

    /// <summary>The TFRecord payloads of one file: length (8 bytes LE), its masked CRC-32C, data, the data's masked CRC-32C.</summary>
    internal static IEnumerable<byte[]> Records(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        int offset = 0;
        while (offset + 12 <= bytes.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset, 8));
            if (MaskedCrc32C(bytes.AsSpan(offset, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8, 4)))
                throw new InvalidDataException($"{file}: the record at byte {offset} has a damaged length (CRC mismatch); the file is not a TensorBoard event file or is corrupt.");
            if (length > (ulong)(bytes.Length - offset - 16)) yield break;   // cut short: the writer has not finished it
            int start = offset + 12, count = (int)length;
            if (MaskedCrc32C(bytes.AsSpan(start, count)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(start + count, 4)))
                throw new InvalidDataException($"{file}: the record at byte {offset} is damaged (CRC mismatch of its {count} bytes).");
            yield return bytes.AsSpan(start, count).ToArray();
            offset = start + count + 4;
        }
    }

    /// <summary>TFRecord's checksum: CRC-32C (Castagnoli), rotated right by 15 bits plus 0xa282ead8.</summary>
    internal static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }

    /// <summary>CRC-32C (Castagnoli): 0xE3069283 for "123456789".</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    public string ToHtml()
    {
        string Number(double v) => v.ToString("G5", CultureInfo.InvariantCulture);
        var html = new StringBuilder("<table><thead><tr><th>tag</th><th>points</th><th>steps</th><th>first</th><th>last</th></tr></thead><tbody>");
        foreach (var tag in Tags)
        {
            var series = Series(tag);
            html.Append($"<tr><td>{WebUtility.HtmlEncode(tag)}</td><td>{series.Count}</td><td>{series[0].Step}–{series[^1].Step}</td>")
                .Append($"<td style=\"text-align:right\">{Number(series[0].Value)}</td><td style=\"text-align:right\">{Number(series[^1].Value)}</td></tr>");
        }
        html.Append("</tbody></table>");
        foreach (var (tag, text) in Texts)
            html.Append($"<p><b>{WebUtility.HtmlEncode(tag)}</b> (text)</p><pre>{WebUtility.HtmlEncode(text)}</pre>");
        return html.Append($"<p>{Files.Count} event file(s) in {WebUtility.HtmlEncode(Directory)}</p>").ToString();
    }

    public override string ToString() => $"TensorBoard log {Directory}: {Files.Count} file(s), tags {string.Join(", ", Tags)}";
}
