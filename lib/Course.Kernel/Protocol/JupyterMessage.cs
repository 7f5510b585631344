using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>
/// One message of the Jupyter messaging protocol: the routing identities, then header, parent header, metadata and
/// content (JSON objects) and optional binary buffers.
/// </summary>
public sealed record JupyterMessage(
    IReadOnlyList<byte[]> Identities, JsonObject Header, JsonObject ParentHeader, JsonObject Metadata, JsonObject Content,
    IReadOnlyList<byte[]> Buffers)
{
    public const string ProtocolVersion = "5.3";

    /// <summary>The message type, e.g. <c>execute_request</c>.</summary>
    public string Type => (string?)Header["msg_type"] ?? "";

    /// <summary>A reply or broadcast whose parent is this message, with a fresh header in the same session.</summary>
    public JupyterMessage Child(string msgType, JsonObject content, IReadOnlyList<byte[]>? identities = null, JsonObject? metadata = null)
        => new(identities ?? Identities, NewHeader(msgType, (string?)Header["session"] ?? "", (string?)Header["username"] ?? "kernel"),
               (JsonObject)Header.DeepClone(), metadata ?? [], content, []);

    /// <summary>A new header: a unique msg_id, the session, the current time in ISO 8601, protocol version 5.3.</summary>
    public static JsonObject NewHeader(string msgType, string session, string username = "kernel") => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = username,
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };
}
