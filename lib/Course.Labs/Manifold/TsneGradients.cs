namespace Course.Labs.Manifold;

/// <summary>The KL(P || Q) objective of t-SNE and its gradient (Student-t with one degree of freedom), per method.</summary>
internal interface ITsneObjective
{
    /// <summary>Writes dKL/dy into <paramref name="grad"/>; returns KL when <paramref name="computeError"/>, else NaN.</summary>
    double Gradient(double[] y, double[] grad, double exaggeration, bool computeError);
}

/// <summary>
/// scikit-learn's <c>_kl_divergence</c>: w_ij = 1 / (1 + |y_i - y_j|^2), q_ij = max(w_ij / sum_{k != l} w_kl, eps),
/// grad_i = 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j). O(N^2) per step.
/// </summary>
internal sealed class ExactTsneObjective(double[] p, int n, int dims) : ITsneObjective
{
    private readonly double[] w = new double[(long)n * n];

    public double Gradient(double[] y, double[] grad, double exaggeration, bool computeError)
    {
        var rowSums = new double[n];
        Parallel.For(0, n, i =>
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) { w[i * n + j] = 0; continue; }
                double d2 = 0;
                for (int a = 0; a < dims; a++) { double diff = y[i * dims + a] - y[j * dims + a]; d2 += diff * diff; }
                s += w[i * n + j] = 1.0 / (1.0 + d2);
            }
            rowSums[i] = s;
        });
        double sumW = rowSums.Sum();
        var kl = new double[n];
        Parallel.For(0, n, i =>
        {
            Span<double> g = stackalloc double[dims];
            double c = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                double pij = exaggeration * p[i * n + j], wij = w[i * n + j];
                double qij = Math.Max(wij / sumW, TsneAffinities.MachineEpsilon);
                double f = (pij - qij) * wij;
                for (int a = 0; a < dims; a++) g[a] += f * (y[i * dims + a] - y[j * dims + a]);
                if (computeError) c += pij * Math.Log(Math.Max(pij, TsneAffinities.MachineEpsilon) / qij);
            }
            for (int a = 0; a < dims; a++) grad[i * dims + a] = 4 * g[a];
            kl[i] = c;
        });
        return computeError ? kl.Sum() : double.NaN;
    }
}

/// <summary>
/// scikit-learn's <c>_kl_divergence_bh</c>: attraction over the sparse P exactly, repulsion from a quadtree
/// (van der Maaten 2014); grad_i = 4 (sum_j p_ij w_ij (y_i - y_j) - sum_cells n_c w_c^2 (y_i - y_c) / Z).
/// </summary>
internal sealed class BarnesHutTsneObjective(SparseAffinities p, int n, double angle) : ITsneObjective
{
    private const double Float32Tiny = 1.1754943508222875e-38;   // scikit-learn's FLOAT32_TINY in the error

    public double Gradient(double[] y, double[] grad, double exaggeration, bool computeError)
    {
        var tree = new BarnesHutTree(y, n);
        var z = new double[n];
        Parallel.For(0, n, i =>
        {
            z[i] = tree.Repulsion(y[2 * i], y[2 * i + 1], angle, out double nx, out double ny);
            grad[2 * i] = nx;                                 // repulsion for now; Z is known after the loop
            grad[2 * i + 1] = ny;
        });
        double sumQ = z.Sum();
        var kl = new double[n];
        Parallel.For(0, n, i =>
        {
            double px = 0, py = 0, c = 0;
            for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
            {
                int j = p.Columns[e];
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                double w = 1.0 / (1.0 + dx * dx + dy * dy), pij = exaggeration * p.Values[e];
                px += pij * w * dx;
                py += pij * w * dy;
                if (computeError) c += pij * Math.Log(Math.Max(pij, Float32Tiny) / Math.Max(w / sumQ, Float32Tiny));
            }
            grad[2 * i] = 4 * (px - grad[2 * i] / sumQ);
            grad[2 * i + 1] = 4 * (py - grad[2 * i + 1] / sumQ);
            kl[i] = c;
        });
        return computeError ? kl.Sum() : double.NaN;
    }
}
