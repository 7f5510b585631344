using static TorchSharp.torch;

namespace Course.Labs.Manifold;

/// <summary>
/// Principal component analysis as scikit-learn's PCA computes it: centre the data, take the SVD, keep the top
/// components, and fix each component's sign so that the sample with the largest |projection| projects positively
/// (scikit-learn's svd_flip with u_based_decision). Computed in float64.
/// </summary>
public sealed class Pca
{
    private Pca(Tensor mean, Tensor components, double[] explainedVariance, double[] explainedVarianceRatio)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
    }

    /// <summary>[D] mean of the training data.</summary>
    public Tensor Mean { get; }

    /// <summary>[nComponents, D] principal axes, by decreasing variance (scikit-learn's <c>components_</c>).</summary>
    public Tensor Components { get; }

    /// <summary>Variance along each component (eigenvalues of the covariance, denominator N - 1).</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>Fraction of the total variance along each component.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Fits <paramref name="nComponents"/> components to the rows of <paramref name="x"/> [N, D].</summary>
    public static Pca Fit(Tensor x, int nComponents = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2) throw new ArgumentException($"x must be [N, D]; got [{string.Join(", ", x.shape)}].", nameof(x));
        long n = x.shape[0], d = x.shape[1];
        if (nComponents < 1 || nComponents > Math.Min(n, d))
            throw new ArgumentOutOfRangeException(nameof(nComponents), nComponents, $"nComponents must be in 1..min(N, D) = {Math.Min(n, d)}.");
        if (n < 2) throw new ArgumentException("PCA needs at least two rows.", nameof(x));

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var data = x.detach().to(ScalarType.Float64, CPU);
        var mean = data.mean([0]);
        var centred = data - mean;
        var (u, s, vh) = linalg.svd(centred, fullMatrices: false);
        // svd_flip(U, Vt): per component, the largest |U[:, c]| entry is made positive
        var maxAbsRows = u.abs().argmax(0);
        var signs = u.gather(0, maxAbsRows.unsqueeze(0)).squeeze(0).sign();
        signs = where(signs == 0, ones_like(signs), signs);
        var components = (vh * signs.unsqueeze(1)).narrow(0, 0, nComponents).contiguous();
        var variance = s.pow(2) / (n - 1);
        var total = variance.sum().item<double>();
        var explained = variance.narrow(0, 0, nComponents).data<double>().ToArray();
        var result = new Pca(mean.MoveToOuterDisposeScope(), components.MoveToOuterDisposeScope(), explained,
            [.. explained.Select(v => total > 0 ? v / total : 0)]);
        return result;
    }

    /// <summary>Projects rows [M, D] onto the components: (x - mean) Components^T, [M, nComponents] in float64.</summary>
    public Tensor Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Mean.shape[0])
            throw new ArgumentException($"x must be [M, {Mean.shape[0]}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        using var _ = no_grad();
        using var centred = x.detach().to(ScalarType.Float64, CPU) - Mean;
        return centred.matmul(Components.t());
    }

    /// <summary>Fits on <paramref name="x"/> and returns its projection [N, nComponents].</summary>
    public static Tensor FitTransform(Tensor x, int nComponents = 2) => Fit(x, nComponents).Transform(x);
}
