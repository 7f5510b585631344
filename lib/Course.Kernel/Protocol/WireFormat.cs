using System.Text;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>Turns messages into ZeroMQ frames and back: identities, <c>&lt;IDS|MSG&gt;</c>, signature, four JSON frames, buffers.</summary>
public sealed class WireFormat(MessageSigner signer)
{
    private static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    public List<byte[]> Encode(JupyterMessage message)
    {
        byte[] header = Json(message.Header), parent = Json(message.ParentHeader), metadata = Json(message.Metadata), content = Json(message.Content);
        var frames = new List<byte[]>(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.AddRange([header, parent, metadata, content]);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>Decodes frames; throws <see cref="InvalidDataException"/> on a malformed message or a bad signature.</summary>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int d = -1;
        for (int i = 0; i < frames.Count; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { d = i; break; }
        if (d < 0 || frames.Count < d + 6) throw new InvalidDataException($"malformed message: {frames.Count} frames, no <IDS|MSG> delimiter followed by 5 frames");
        string signature = Encoding.ASCII.GetString(frames[d + 1]);
        if (!signer.Verify(signature, frames[d + 2], frames[d + 3], frames[d + 4], frames[d + 5]))
            throw new InvalidDataException("bad signature: the message was not signed with this kernel's key");
        return new JupyterMessage(frames.Take(d).ToList(), Parse(frames[d + 2]), Parse(frames[d + 3]), Parse(frames[d + 4]), Parse(frames[d + 5]),
                                  frames.Skip(d + 6).ToList());
    }

    private static byte[] Json(JsonObject o) => Encoding.UTF8.GetBytes(o.ToJsonString());

    private static JsonObject Parse(byte[] frame)
    {
        try { return JsonNode.Parse(frame) as JsonObject ?? []; }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"malformed message: a JSON frame does not parse ({e.Message})", e); }
    }
}
