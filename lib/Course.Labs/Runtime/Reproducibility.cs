using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>Deterministic seeding: torch's generators (CPU and CUDA) and a shared <see cref="System.Random"/>.</summary>
public static class Reproducibility
{
    private static Random random = new(0);

    /// <summary>The library's managed random source (shuffles, sampling); reset by <see cref="Seed"/>.</summary>
    public static Random Random => random;

    /// <summary>Seeds torch and <see cref="Random"/>, so a run repeats exactly on the same machine and thread count.</summary>
    public static void Seed(int seed)
    {
        manual_seed(seed);
        if (cuda.is_available()) cuda.manual_seed_all(seed);
        random = new Random(seed);
    }
}
