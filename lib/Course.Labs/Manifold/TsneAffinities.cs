using Course.Labs.Neighbors;

namespace Course.Labs.Manifold;

/// <summary>Sparse symmetric joint probabilities P in CSR form (row i: Columns[RowStart[i]..RowStart[i+1]]).</summary>
internal sealed record SparseAffinities(int[] RowStart, int[] Columns, double[] Values);

/// <summary>
/// t-SNE's input affinities, as scikit-learn computes them: per point a Gaussian over squared distances whose
/// bandwidth is found by binary search to match the perplexity (<c>_binary_search_perplexity</c>), then
/// P = (P_cond + P_cond^T) / sum.
/// </summary>
internal static class TsneAffinities
{
    private const int Steps = 100;                           // scikit-learn's n_steps
    private const double PerplexityTolerance = 1e-5;
    private const double EpsilonDbl = 1e-8;
    internal const double MachineEpsilon = 2.220446049250313e-16;   // np.finfo(np.double).eps

    /// <summary>
    /// One row of the conditional P: p_j = exp(-d_j beta) / sum, with beta bisected (doubling/halving until
    /// bracketed) until the entropy is within 1e-5 of log(perplexity). Entry <paramref name="skip"/> (the point itself) stays 0.
    /// </summary>
    public static void ConditionalRow(ReadOnlySpan<double> sqDistances, int skip, double perplexity, Span<double> p)
    {
        double desiredEntropy = Math.Log(perplexity);
        double betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity, beta = 1.0;
        for (int step = 0; step < Steps; step++)
        {
            double sumP = 0;
            for (int j = 0; j < sqDistances.Length; j++)
            {
                p[j] = j == skip ? 0 : Math.Exp(-sqDistances[j] * beta);
                sumP += p[j];
            }
            if (sumP == 0) sumP = EpsilonDbl;
            double sumDistP = 0;
            for (int j = 0; j < sqDistances.Length; j++)
            {
                p[j] /= sumP;
                sumDistP += sqDistances[j] * p[j];
            }
            double entropyDiff = Math.Log(sumP) + beta * sumDistP - desiredEntropy;
            if (Math.Abs(entropyDiff) <= PerplexityTolerance) break;
            if (entropyDiff > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    /// <summary>Barnes-Hut affinities (<c>_joint_probabilities_nn</c>) from each point's nearest neighbours (squared distances).</summary>
    public static SparseAffinities FromNeighbors(NeighborList neighbors, double perplexity)
    {
        int n = neighbors.NumQueries, k = neighbors.K;
        var conditional = new double[(long)n * k];
        Parallel.For(0, n, i => ConditionalRow(neighbors.DistancesOf(i), -1, perplexity, conditional.AsSpan(i * k, k)));

        // P + P^T: every (i, j, p) entry and its mirror, sorted by (row, column), equal keys summed
        var keys = new long[2L * n * k];
        var values = new double[2L * n * k];
        for (int i = 0, e = 0; i < n; i++)
            for (int t = 0; t < k; t++, e += 2)
            {
                int j = neighbors.Indices[i * k + t];
                keys[e] = (long)i * n + j; values[e] = conditional[i * k + t];
                keys[e + 1] = (long)j * n + i; values[e + 1] = conditional[i * k + t];
            }
        Array.Sort(keys, values);
        var rowStart = new int[n + 1];
        var columns = new List<int>(keys.Length);
        var merged = new List<double>(keys.Length);
        for (int e = 0; e < keys.Length; e++)
        {
            if (e > 0 && keys[e] == keys[e - 1]) { merged[^1] += values[e]; continue; }
            columns.Add((int)(keys[e] % n));
            merged.Add(values[e]);
            rowStart[keys[e] / n + 1]++;
        }
        for (int i = 0; i < n; i++) rowStart[i + 1] += rowStart[i];
        double sum = Math.Max(merged.Sum(), MachineEpsilon);
        return new SparseAffinities(rowStart, [.. columns], [.. merged.Select(v => v / sum)]);
    }

    /// <summary>Exact affinities (<c>_joint_probabilities</c>): dense [n * n], diagonal 0, off-diagonal max(P / sum, eps).</summary>
    public static double[] Exact(double[] sqDistances, int n, double perplexity)
    {
        var conditional = new double[(long)n * n];
        Parallel.For(0, n, i => ConditionalRow(sqDistances.AsSpan(i * n, n), i, perplexity, conditional.AsSpan(i * n, n)));
        var p = new double[(long)n * n];
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                p[i * n + j] = conditional[i * n + j] + conditional[j * n + i];
                sum += p[i * n + j];
            }
        sum = Math.Max(sum, MachineEpsilon);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                p[i * n + j] = i == j ? 0 : Math.Max(p[i * n + j] / sum, MachineEpsilon);
        return p;
    }
}
