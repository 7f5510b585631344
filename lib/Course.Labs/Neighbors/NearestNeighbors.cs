using static TorchSharp.torch;

namespace Course.Labs.Neighbors;

/// <summary>The k nearest reference rows of each query row: [numQueries, k], sorted by (distance, reference index).</summary>
/// <param name="Distances">Euclidean distances (squared when asked for), row-major [numQueries * K].</param>
/// <param name="Indices">Reference indices, row-major [numQueries * K].</param>
/// <param name="NumQueries">Query rows.</param>
/// <param name="K">Neighbours per query.</param>
public sealed record NeighborList(double[] Distances, int[] Indices, int NumQueries, int K)
{
    public ReadOnlySpan<int> IndicesOf(int query) => Indices.AsSpan(query * K, K);
    public ReadOnlySpan<double> DistancesOf(int query) => Distances.AsSpan(query * K, K);
}

/// <summary>
/// Exact brute-force k-nearest-neighbour search in float64 (as scikit-learn's brute search upcasts): distances by
/// |q|^2 + |r|^2 - 2 q.r in blocks of queries (a BLAS matrix product), then a per-row selection that breaks
/// distance ties by the smaller reference index.
/// </summary>
public static class NearestNeighbors
{
    private const long BlockElements = 8_000_000;            // about 64 MB of float64 distances per block

    /// <summary>The <paramref name="k"/> nearest rows of <paramref name="reference"/> for each row of <paramref name="queries"/>.</summary>
    /// <param name="queries">[numQueries, D] rows to find neighbours for.</param>
    /// <param name="reference">[N, D] rows to search.</param>
    /// <param name="k">Neighbours per query.</param>
    /// <param name="squared">Report squared distances (the ranking is the same).</param>
    /// <param name="excludeSelf">Queries are the reference itself: row i never lists i (scikit-learn's kneighbors() with X=None).</param>
    public static NeighborList Search(Tensor queries, Tensor reference, int k, bool squared = false, bool excludeSelf = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(reference);
        if (queries.dim() != 2 || reference.dim() != 2 || queries.shape[1] != reference.shape[1])
            throw new ArgumentException(
                $"queries and reference must be [N, D] and [M, D]; got [{string.Join(", ", queries.shape)}] and [{string.Join(", ", reference.shape)}].", nameof(queries));
        int numQ = (int)queries.shape[0], numR = (int)reference.shape[0];
        if (excludeSelf && numQ != numR)
            throw new ArgumentException("excludeSelf needs the queries to be the reference rows.", nameof(excludeSelf));
        int available = excludeSelf ? numR - 1 : numR;
        if (k < 1 || k > available)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in 1..{available} (the number of reference rows{(excludeSelf ? " other than the query" : "")}).");

        var dist = new double[(long)numQ * k];
        var idx = new int[(long)numQ * k];
        ForEachSquaredDistanceBlock(queries, reference, (start, count, values) =>
            Parallel.For(0, count, i =>
            {
                int row = start + i;
                SelectSmallest(values.AsSpan(i * numR, numR), k, excludeSelf ? row : -1,
                    dist.AsSpan(row * k, k), idx.AsSpan(row * k, k));
                if (!squared)
                    for (int j = row * k; j < row * k + k; j++) dist[j] = Math.Sqrt(dist[j]);
            }));
        return new NeighborList(dist, idx, numQ, k);
    }

    /// <summary>
    /// Squared Euclidean distances of every query row to every reference row, in float64, handed over a block of
    /// query rows at a time: (first query row, number of rows, row-major [count * numReference] values; the buffer
    /// is reused for the next block and may be longer than count * numReference).
    /// </summary>
    public static void ForEachSquaredDistanceBlock(Tensor queries, Tensor reference, Action<int, int, double[]> block)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        int numQ = (int)queries.shape[0], numR = (int)reference.shape[0];
        var r = reference.detach().to(ScalarType.Float64, CPU);
        var rr = r.pow(2).sum(1).unsqueeze(0);
        var rT = r.t().contiguous();
        int rows = (int)Math.Min(numQ, Math.Max(1, BlockElements / Math.Max(1, numR)));
        // the block's distances are written by libtorch straight into this managed buffer (from_array shares it)
        var buffer = new double[(long)rows * numR];
        for (int start = 0; start < numQ; start += rows)
        {
            int count = Math.Min(rows, numQ - start);
            using var inner = NewDisposeScope();
            var q = queries.detach().narrow(0, start, count).to(ScalarType.Float64, CPU);
            var d2 = from_array(buffer).narrow(0, 0, (long)count * numR).view(count, numR);
            d2.copy_(rr.expand(count, numR));                // |r|^2
            d2.addmm_(q, rT, beta: 1, alpha: -2);            // - 2 q.r
            d2.add_(q.pow(2).sum(1, keepdim: true)).clamp_min_(0);   // + |q|^2
            block(start, count, buffer);
        }
    }

    /// <summary>The k smallest values of a row in (value, index) order, skipping index <paramref name="skip"/>.</summary>
    public static void SelectSmallest(ReadOnlySpan<double> row, int k, int skip, Span<double> outValues, Span<int> outIndices)
    {
        int filled = 0;
        for (int j = 0; j < row.Length; j++)
        {
            if (j == skip) continue;
            double v = row[j];
            // j is larger than every index already kept, so on an equal value it goes after them
            if (filled == k && v >= outValues[k - 1]) continue;
            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && outValues[pos - 1] > v)
            {
                outValues[pos] = outValues[pos - 1];
                outIndices[pos] = outIndices[pos - 1];
                pos--;
            }
            outValues[pos] = v;
            outIndices[pos] = j;
        }
    }
}
