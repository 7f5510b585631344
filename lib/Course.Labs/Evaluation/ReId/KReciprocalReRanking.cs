using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.ReId;

/// <summary>
/// k-reciprocal re-ranking (Zhong, Zheng, Cao, Li, CVPR 2017), as torchreid's / BoT's <c>re_ranking(q_g_dist,
/// q_q_dist, g_g_dist, k1=20, k2=6, lambda_value=0.3)</c> computes it, with V kept sparse (torchreid holds dense
/// (Q+G)^2 float32 matrices). Returns the re-ranked query x gallery distance, ready for <see cref="Market1501Evaluation"/>.
/// </summary>
/// <remarks>
/// torchreid's steps, numbered in the code:
/// (1) original = [[q_q, q_g], [q_g^T, g_g]] squared, divided column-wise by the column maximum, then transposed;
/// (2) initial_rank = argsort of each row (here stable, by (distance, index); only the first k1 + 1 are used);
/// (3) R(i, k1) = the k1+1 forward neighbours f of i that have i among their own k1+1 (k-reciprocal);
/// (4) expanded by R(f, round(k1/2)) of each f in R(i, k1) when more than 2/3 of it lies in R(i, k1);
/// (5) V[i, R*] = exp(-original[i, R*]) / sum;  (6) query expansion: V[i] = mean of V over i's first k2 ranks;
/// (7) Jaccard distance 1 - sum min(V_i, V_j) / (2 - sum min(V_i, V_j));
/// (8) final = (1 - lambda) Jaccard + lambda original, query rows and gallery columns.
/// </remarks>
public static class KReciprocalReRanking
{
    /// <summary>
    /// The same on tensors (any float type, any device): query x gallery [Q, G], query x query [Q, Q] and gallery x
    /// gallery [G, G] distances in; the re-ranked query x gallery distances out, [Q, G] float32 on the CPU.
    /// </summary>
    public static Tensor ReRank(Tensor queryGallery, Tensor queryQuery, Tensor galleryGallery, int k1 = 20, int k2 = 6, double lambda = 0.3)
        => tensor(ReRank(Matrix(queryGallery, nameof(queryGallery)), Matrix(queryQuery, nameof(queryQuery)),
                                Matrix(galleryGallery, nameof(galleryGallery)), k1, k2, lambda));

    private static float[,] Matrix(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 2) throw new ArgumentException($"{name} must be a matrix [rows, columns]; got shape [{string.Join(", ", t.shape)}].", name);
        using var cpu = t.detach().to(CPU).to_type(ScalarType.Float32).contiguous();
        var m = new float[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(cpu.data<float>().ToArray(), 0, m, 0, m.Length * sizeof(float));
        return m;
    }

    public static float[,] ReRank(float[,] queryGallery, float[,] queryQuery, float[,] galleryGallery, int k1 = 20, int k2 = 6, double lambda = 0.3)
    {
        ArgumentNullException.ThrowIfNull(queryGallery);
        ArgumentNullException.ThrowIfNull(queryQuery);
        ArgumentNullException.ThrowIfNull(galleryGallery);
        int q = queryGallery.GetLength(0), g = queryGallery.GetLength(1), n = q + g;
        if (queryQuery.GetLength(0) != q || queryQuery.GetLength(1) != q)
            throw new ArgumentException($"queryQuery must be [{q}, {q}]; got [{queryQuery.GetLength(0)}, {queryQuery.GetLength(1)}].", nameof(queryQuery));
        if (galleryGallery.GetLength(0) != g || galleryGallery.GetLength(1) != g)
            throw new ArgumentException($"galleryGallery must be [{g}, {g}]; got [{galleryGallery.GetLength(0)}, {galleryGallery.GetLength(1)}].", nameof(galleryGallery));
        if (k1 < 1 || k1 + 1 > n) throw new ArgumentOutOfRangeException(nameof(k1), k1, $"k1 must be in 1..{n - 1}.");
        if (k2 < 1 || k2 > k1 + 1) throw new ArgumentOutOfRangeException(nameof(k2), k2, $"k2 must be in 1..k1 + 1 = {k1 + 1}.");
        if (lambda is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be in [0, 1].");

        // (1) M[j, i] is the stacked distance; original[i, j] = M[j, i]^2 / max_k M[k, i]^2
        float M(int row, int col) => row < q
            ? (col < q ? queryQuery[row, col] : queryGallery[row, col - q])
            : (col < q ? queryGallery[col, row - q] : galleryGallery[row - q, col - q]);
        var columnMax = new float[n];
        Parallel.For(0, n, i =>
        {
            float max = 0;
            for (int j = 0; j < n; j++) { float v = M(j, i); max = Math.Max(max, v * v); }
            columnMax[i] = max;
        });
        float Original(int i, int j) { float v = M(j, i); return v * v / columnMax[i]; }

        // (2) the first k1 + 1 of each row's ranking
        int width = k1 + 1;
        var rank = new int[n][];
        Parallel.For(0, n, () => (Row: new double[n], Values: new double[width]), (i, _, buf) =>
        {
            for (int j = 0; j < n; j++) buf.Row[j] = Original(i, j);
            rank[i] = new int[width];
            Neighbors.NearestNeighbors.SelectSmallest(buf.Row, width, -1, buf.Values, rank[i]);
            return buf;
        }, _ => { });

        // (3)-(5) sparse V rows
        int half = (int)Math.Round(k1 / 2.0, MidpointRounding.ToEven) + 1;   // int(np.around(k1 / 2.)) + 1
        var v = new SparseRow[n];
        Parallel.For(0, n, i =>
        {
            var reciprocal = KReciprocal(rank, i, width);
            var expansion = new HashSet<int>(reciprocal);
            foreach (int candidate in reciprocal)
            {
                var candidateReciprocal = KReciprocal(rank, candidate, half);
                if (candidateReciprocal.Count(reciprocal.Contains) > 2.0 / 3 * candidateReciprocal.Length)
                    expansion.UnionWith(candidateReciprocal);
            }
            int[] cols = [.. expansion.Order()];
            var weights = cols.Select(j => MathF.Exp(-Original(i, j))).ToArray();
            float sum = weights.Sum();
            v[i] = new SparseRow(cols, [.. weights.Select(w => w / sum)]);
        });

        // (6) query expansion over the first k2 ranks
        if (k2 != 1)
        {
            var expanded = new SparseRow[n];
            Parallel.For(0, n, i => expanded[i] = SparseRow.Mean(rank[i].Take(k2).Select(r => v[r])));
            v = expanded;
        }

        // (7) inverted index: for each column, the rows with a non-zero V and their values
        var inverted = Enumerable.Range(0, n).Select(_ => new List<(int Row, float Value)>()).ToArray();
        for (int r = 0; r < n; r++)
            for (int t = 0; t < v[r].Columns.Length; t++) inverted[v[r].Columns[t]].Add((r, v[r].Values[t]));

        var final = new float[q, g];
        Parallel.For(0, q, () => new float[n], (i, _, tempMin) =>
        {
            Array.Clear(tempMin);
            var row = v[i];
            for (int t = 0; t < row.Columns.Length; t++)
                foreach (var (r, value) in inverted[row.Columns[t]])
                    tempMin[r] += Math.Min(row.Values[t], value);
            // (8) final = jaccard * (1 - lambda) + original * lambda, gallery columns
            for (int j = 0; j < g; j++)
            {
                float jaccard = 1 - tempMin[q + j] / (2 - tempMin[q + j]);
                final[i, j] = (float)(jaccard * (1 - lambda) + Original(i, q + j) * lambda);
            }
            return tempMin;
        }, _ => { });
        return final;
    }

    /// <summary>(3) The first <paramref name="count"/> ranks f of i that have i among their own first <paramref name="count"/>, in rank order.</summary>
    private static int[] KReciprocal(int[][] rank, int i, int count)
    {
        var forward = rank[i].AsSpan(0, count);
        var result = new List<int>(count);
        foreach (int f in forward)
            if (Array.IndexOf(rank[f], i, 0, count) >= 0) result.Add(f);
        return [.. result];
    }

    private sealed record SparseRow(int[] Columns, float[] Values)
    {
        /// <summary>The mean of rows (np.mean over V[initial_rank[i, :k2]]).</summary>
        public static SparseRow Mean(IEnumerable<SparseRow> rows)
        {
            var sum = new SortedDictionary<int, float>();
            int count = 0;
            foreach (var row in rows)
            {
                count++;
                for (int t = 0; t < row.Columns.Length; t++)
                    sum[row.Columns[t]] = sum.GetValueOrDefault(row.Columns[t]) + row.Values[t];
            }
            return new SparseRow([.. sum.Keys], [.. sum.Values.Select(s => s / count)]);
        }
    }
}
