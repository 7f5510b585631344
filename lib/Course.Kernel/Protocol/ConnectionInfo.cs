using System.Text.Json;
using System.Text.Json.Serialization;

namespace Course.Kernel.Protocol;

/// <summary>The connection file a Jupyter front end writes and passes with <c>-f</c>: ports, address and signing key.</summary>
public sealed record ConnectionInfo
{
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "127.0.0.1";
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    [JsonPropertyName("iopub_port")] public int IopubPort { get; init; }
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";
    [JsonPropertyName("kernel_name")] public string? KernelName { get; init; }

    /// <summary>Reads and checks a connection file; errors name the file and what is wrong.</summary>
    public static ConnectionInfo Read(string path)
    {
        ConnectionInfo? info;
        try { info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path)); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the Jupyter connection file ({e.Message}).", e);
        }
        if (info is null) throw new InvalidDataException($"{path}: the connection file is empty.");
        if (info.Transport != "tcp") throw new InvalidDataException($"{path}: transport '{info.Transport}' is not supported; use tcp.");
        if (info.SignatureScheme != "hmac-sha256" && !(info.Key == "" && info.SignatureScheme is "" or null))
            throw new InvalidDataException($"{path}: signature scheme '{info.SignatureScheme}' is not supported; use hmac-sha256.");
        foreach (var (name, port) in new[] { ("shell_port", info.ShellPort), ("iopub_port", info.IopubPort), ("stdin_port", info.StdinPort),
                                             ("control_port", info.ControlPort), ("hb_port", info.HeartbeatPort) })
            if (port is <= 0 or > 65535) throw new InvalidDataException($"{path}: {name} is {port}; it must be a TCP port (1-65535).");
        return info;
    }

    /// <summary>The ZeroMQ endpoint for a port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) => $"{Transport}://{Ip}:{port}";
}
