using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>
/// The library's one way of seeding. <see cref="Seed"/> seeds torch (its CPU and CUDA generators); every managed
/// random choice (shuffles, augmentations, samplers, generated data) draws from <see cref="Random"/>(seed, stream...),
/// whose seed comes from <see cref="DeriveSeed"/>: SplitMix64 over the seed and the stream numbers (epoch, batch,
/// identity, ...), so the same seed gives the same result in every process and on every machine (System.Random with a
/// seed is stable across .NET versions; <c>HashCode.Combine</c>, randomised per process, is not), whichever thread runs
/// first, and different streams give independent generators.
/// </summary>
public static class Reproducibility
{
    /// <summary>Seeds torch's generators (CPU, and CUDA when present), as <c>torch.manual_seed</c>.</summary>
    public static void Seed(int seed)
    {
        manual_seed(seed);
        if (cuda.is_available()) cuda.manual_seed_all(seed);
    }

    /// <summary>
    /// The generator of the stream (<paramref name="seed"/>, <paramref name="streams"/>...): <c>new Random(seed)</c>
    /// without streams, e.g. <c>Random(seed, epoch)</c> for an epoch's shuffle, <c>Random(seed, epoch, batch)</c> for a
    /// batch's augmentations.
    /// </summary>
    public static Random Random(int seed, params ReadOnlySpan<long> streams) => new(DeriveSeed(seed, streams));

    /// <summary>The seed of the stream (<paramref name="seed"/>, <paramref name="streams"/>...): the seed itself without streams, else SplitMix64 over both (0..2^31-1).</summary>
    public static int DeriveSeed(int seed, params ReadOnlySpan<long> streams)
    {
        if (streams.IsEmpty) return seed;
        var state = (ulong)(uint)seed;
        foreach (var part in streams) state = Mix(state ^ (ulong)part);
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
