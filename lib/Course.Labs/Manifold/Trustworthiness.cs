using Course.Labs.Neighbors;
using static TorchSharp.torch;

namespace Course.Labs.Manifold;

/// <summary>
/// Trustworthiness of an embedding (Venna &amp; Kaski 2001; scikit-learn's <c>sklearn.manifold.trustworthiness</c>):
/// T(k) = 1 - 2 / (n k (2n - 3k - 1)) * sum_i sum_{j in N_k^embedded(i)} max(0, r(i, j) - k), where r(i, j) is the
/// rank of j among i's neighbours in the input space (1 = nearest). 1 means no false neighbours.
/// </summary>
public static class Trustworthiness
{
    public static double Compute(Tensor x, Tensor embedded, int nNeighbors = 5)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(embedded);
        int n = (int)x.shape[0];
        if (embedded.shape[0] != n)
            throw new ArgumentException($"embedded has {embedded.shape[0]} rows; x has {n}.", nameof(embedded));
        if (nNeighbors < 1 || nNeighbors >= n / 2.0)
            throw new ArgumentOutOfRangeException(nameof(nNeighbors), nNeighbors, $"nNeighbors must be in 1..{(n - 1) / 2} (less than n / 2).");

        var neighbors = NearestNeighbors.Search(embedded, embedded, nNeighbors, squared: true, excludeSelf: true);
        var penalty = new long[n];
        NearestNeighbors.ForEachSquaredDistanceBlock(x, x, (start, count, values) => Parallel.For(0, count, r =>
        {
            int i = start + r;
            var row = values.AsSpan(r * n, n);
            long sum = 0;
            foreach (int j in neighbors.IndicesOf(i))
            {
                // r(i, j) = 1 + number of points (other than i) before j in (distance, index) order
                double dj = row[j];
                int rank = 1;
                for (int l = 0; l < n; l++)
                    if (l != i && (row[l] < dj || (row[l] == dj && l < j))) rank++;
                sum += Math.Max(0, rank - nNeighbors);
            }
            penalty[i] = sum;
        }));
        double t = penalty.Sum();
        return 1.0 - t * (2.0 / (n * (double)nNeighbors * (2.0 * n - 3.0 * nNeighbors - 1.0)));
    }

    /// <summary>Trustworthiness of a [N, 2] (or [N, d]) embedding held as a double[,].</summary>
    public static double Compute(Tensor x, double[,] embedded, int nNeighbors = 5)
    {
        ArgumentNullException.ThrowIfNull(embedded);
        var flat = new double[embedded.Length];
        Buffer.BlockCopy(embedded, 0, flat, 0, flat.Length * sizeof(double));
        using var t = tensor(flat, [embedded.GetLength(0), embedded.GetLength(1)]);
        return Compute(x, t, nNeighbors);
    }
}
