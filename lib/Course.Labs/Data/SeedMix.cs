namespace Course.Labs.Data;

/// <summary>
/// Derives independent, reproducible seeds from a seed and counters (epoch, batch, ...) with SplitMix64, so
/// that results do not depend on which thread ran first or on process-randomised hashing.
/// </summary>
public static class SeedMix
{
    /// <summary>A seed for <c>new Random(...)</c> from <paramref name="seed"/> and <paramref name="parts"/>.</summary>
    public static int Derive(int seed, params ReadOnlySpan<long> parts)
    {
        var state = (ulong)(uint)seed;
        foreach (var part in parts) state = Mix(state ^ (ulong)part);
        return (int)(Mix(state) & 0x7FFF_FFFF);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
