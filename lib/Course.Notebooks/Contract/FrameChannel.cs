using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Course.Notebooks.Contract;

/// <summary>
/// Both ends of the grading worker's protocol over a pair of streams (the worker's standard input and output): each
/// message is one line, <c>MAC SPACE JSON LF</c>, where MAC is the hex HMAC-SHA256 of the JSON bytes under the key the
/// grader sends in its hello (whose MAC is "-"). A line longer than the cap, a bad MAC or JSON that is not a message is
/// a <see cref="ProtocolViolationException"/>; the reader never holds more than the cap.
/// </summary>
public sealed class FrameChannel(Stream input, Stream output, int maxFrameBytes)
{
    /// <summary>The protocol version (in <see cref="WorkerHello.Protocol"/>).</summary>
    public const int ProtocolVersion = 1;

    private const string NoMac = "-";
    private readonly byte[] buffer = new byte[Math.Max(4096, maxFrameBytes + 1)];
    private int start, end;
    private readonly object sendGate = new();

    /// <summary>The key every message but the hello is authenticated with; null until the hello.</summary>
    public byte[]? Key { get; set; }

    /// <summary>The longest line this end accepts, in bytes.</summary>
    public int MaxFrameBytes => maxFrameBytes;

    /// <summary>A fresh random key (32 bytes).</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>A fresh random nonce (16 bytes, hex).</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Writes one message (authenticated unless it is the hello) and flushes.</summary>
    public void Send(WorkerMessage message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message);
        string mac = message is WorkerHello ? NoMac : Mac(Key ?? throw new InvalidOperationException("no key: send the hello first"), json);
        lock (sendGate)
        {
            output.Write(Encoding.ASCII.GetBytes(mac + " "));
            output.Write(json);
            output.WriteByte((byte)'\n');
            output.Flush();
        }
    }

    /// <summary>
    /// Reads the next message. <see cref="EndOfStreamException"/> at the end of the stream; a
    /// <see cref="ProtocolViolationException"/> for anything but a well-formed, authenticated message.
    /// </summary>
    public async Task<WorkerMessage> ReceiveAsync(CancellationToken cancel)
    {
        var line = await ReadLineAsync(cancel);
        int space = line.Span.IndexOf((byte)' ');
        if (space < 0) throw new ProtocolViolationException("a line without a MAC");
        string mac = Encoding.ASCII.GetString(line.Span[..space]);
        var json = line[(space + 1)..];
        WorkerMessage? message;
        try { message = JsonSerializer.Deserialize<WorkerMessage>(json.Span); }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ProtocolViolationException($"a line that is not a message ({e.Message})");
        }
        if (message is null) throw new ProtocolViolationException("an empty message");
        if (Key is null)
        {
            if (message is not WorkerHello || mac != NoMac) throw new ProtocolViolationException("a message before the hello");
            return message;
        }
        if (message is WorkerHello) throw new ProtocolViolationException("a second hello");
        var expected = Encoding.ASCII.GetBytes(Mac(Key, json.Span));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac)))
            throw new ProtocolViolationException($"a '{TypeName(message)}' message whose MAC does not match (forged?)");
        return message;
    }

    private static string TypeName(WorkerMessage m) => m.GetType().Name;

    private static string Mac(byte[] key, ReadOnlySpan<byte> json) => Convert.ToHexStringLower(HMACSHA256.HashData(key, json));

    private async Task<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancel)
    {
        int scanned = start;
        while (true)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', scanned, end - scanned);
            if (newline >= 0)
            {
                var line = buffer.AsMemory(start, newline - start).ToArray();
                start = newline + 1;
                return line;
            }
            if (end - start > maxFrameBytes) throw new ProtocolViolationException($"a line longer than {maxFrameBytes:N0} bytes");
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            scanned = end;
            int room = buffer.Length - end;
            if (room == 0) throw new ProtocolViolationException($"a line longer than {maxFrameBytes:N0} bytes");
            int read = await input.ReadAsync(buffer.AsMemory(end, room), cancel);
            if (read == 0) throw new EndOfStreamException("the other end closed the channel");
            end += read;
        }
    }
}

/// <summary>Something on the worker channel that the protocol does not allow; the message says what.</summary>
public sealed class ProtocolViolationException(string message) : Exception(message);
