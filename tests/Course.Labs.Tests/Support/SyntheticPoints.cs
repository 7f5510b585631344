namespace Course.Labs.Tests.Support;

/// <summary>Reproducible point clouds for the neighbour, manifold and re-ranking tests.</summary>
internal static class SyntheticPoints
{
    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary><paramref name="n"/> points around 10 Gaussian centres in <paramref name="dim"/> dimensions, drawn from <paramref name="seed"/>, and the centre of each.</summary>
    internal static (double[] X, int[] Labels) Clusters(int n, int dim, int seed, double spread = 3.0)
    {
        var rng = new Random(seed);
        var centers = Enumerable.Range(0, 10 * dim).Select(_ => spread * Gaussian(rng)).ToArray();
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(10)).ToArray();
        var x = labels.SelectMany(c => Enumerable.Range(0, dim).Select(d => centers[c * dim + d] + Gaussian(rng))).ToArray();
        return (x, labels);
    }
}
