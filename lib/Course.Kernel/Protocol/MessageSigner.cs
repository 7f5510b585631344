using System.Security.Cryptography;

namespace Course.Kernel.Protocol;

/// <summary>HMAC-SHA256 signatures over header, parent header, metadata and content, as the protocol specifies.</summary>
public sealed class MessageSigner(string key)
{
    private readonly byte[] key = System.Text.Encoding.UTF8.GetBytes(key);

    /// <summary>True when messages are signed (an empty key turns signing off, as in the spec).</summary>
    public bool Enabled => key.Length > 0;

    /// <summary>The lower-case hex signature of the four JSON frames (empty when signing is off).</summary>
    public string Sign(params ReadOnlySpan<byte[]> frames)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        foreach (var f in frames) hmac.AppendData(f);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Compares in constant time.</summary>
    public bool Verify(string signature, params ReadOnlySpan<byte[]> frames)
    {
        if (!Enabled) return true;
        byte[] expected = System.Text.Encoding.ASCII.GetBytes(Sign(frames));
        byte[] actual = System.Text.Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
