using Course.Labs.Manifold;
using Course.Labs.Tests.Support;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Manifold;

public class EmbeddingTests
{
    [Fact]
    public void AutoLearningRate_Vector7()
    {
        Assert.Equal(50, Tsne.AutoLearningRate(1000));
        Assert.Equal(125, Tsne.AutoLearningRate(6000));
    }


    [Fact]
    public void Pca_MatchesScikitLearn()
    {
        var (x, _) = SyntheticPoints.Clusters(300, 12, seed: 2);
        using var py = new PythonOracle();
        py.Write("x.npy", x, 300, 12);
        py.Run("""
import numpy as np
from sklearn.decomposition import PCA
x = np.load('x.npy')
pca = PCA(n_components=3, svd_solver='full').fit(x)
np.save('out.npy', np.concatenate([pca.components_.ravel(), pca.explained_variance_, pca.explained_variance_ratio_, pca.transform(x).ravel()]))
""");
        var expected = py.ReadDoubles("out.npy");
        using var t = tensor(x, [300, 12]);
        var pca = Pca.Fit(t, 3);
        var ours = pca.Components.data<double>().ToArray()
            .Concat(pca.ExplainedVariance).Concat(pca.ExplainedVarianceRatio)
            .Concat(pca.Transform(t).data<double>().ToArray()).ToArray();
        Assert.Equal(expected.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(expected[i] - ours[i]) < 1e-8, $"item {i}: {expected[i]} vs {ours[i]}");
    }

    [Fact]
    public void Trustworthiness_MatchesScikitLearn()
    {
        var (x, _) = SyntheticPoints.Clusters(400, 20, seed: 4);
        var rng = new Random(9);
        var e = Enumerable.Range(0, 400 * 2).Select(i => x[(i / 2) * 20 + i % 2] + 0.5 * SyntheticPoints.Gaussian(rng)).ToArray();
        using var py = new PythonOracle();
        py.Write("x.npy", x, 400, 20);
        py.Write("e.npy", e, 400, 2);
        string output = py.Run("""
import numpy as np
from sklearn.manifold import trustworthiness
x, e = np.load('x.npy'), np.load('e.npy')
print(repr(trustworthiness(x, e, n_neighbors=5)), repr(trustworthiness(x, e, n_neighbors=12)))
""");
        var expected = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var xt = tensor(x, [400, 20]);
        using var et = tensor(e, [400, 2]);
        Assert.Equal(expected[0], Trustworthiness.Compute(xt, et, 5), 10);
        Assert.Equal(expected[1], Trustworthiness.Compute(xt, et, 12), 10);
        Assert.Equal(1.0, Trustworthiness.Compute(xt, xt, 5), 12);
    }

    [Fact]
    public void BarnesHutRepulsion_IsExactAtAngleZero_AndCloseAtHalf()
    {
        var rng = new Random(1);
        int n = 400;
        var y = Enumerable.Range(0, 2 * n).Select(_ => 10 * SyntheticPoints.Gaussian(rng)).ToArray();
        y[2] = y[0]; y[3] = y[1];                            // a duplicate point
        var tree = new BarnesHutTree(y, n);
        for (int i = 0; i < n; i += 37)
        {
            double z = 0, fx = 0, fy = 0;
            for (int j = 0; j < n; j++)
            {
                double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                if (dx == 0 && dy == 0) continue;
                double q = 1 / (1 + dx * dx + dy * dy);
                z += q; fx += q * q * dx; fy += q * q * dy;
            }
            double z0 = tree.Repulsion(y[2 * i], y[2 * i + 1], 0.0, out double nx0, out double ny0);
            Assert.Equal(z, z0, 9);
            Assert.Equal(fx, nx0, 9);
            Assert.Equal(fy, ny0, 9);
            double zh = tree.Repulsion(y[2 * i], y[2 * i + 1], 0.5, out _, out _);
            Assert.True(Math.Abs(zh - z) < 0.02 * z, $"point {i}: Z {zh} vs exact {z}");
        }
    }

    [Fact]
    public void Tsne_ExactAndBarnesHut_SeparateClusters()
    {
        var (x, _) = SyntheticPoints.Clusters(200, 10, seed: 6);
        using var t = tensor(x, [200, 10]);
        foreach (var method in new[] { TsneMethod.Exact, TsneMethod.BarnesHut })
        {
            var tsne = new Tsne { Method = method };
            var e = tsne.FitTransform(t);
            Assert.True(Trustworthiness.Compute(t, e, 5) > 0.9, $"{method}");
            Assert.True(tsne.KlDivergence is > 0 and < 3, $"{method}: KL {tsne.KlDivergence}");
            Assert.InRange(tsne.Iterations, Tsne.ExplorationIterations + 50, 999);   // ran past the exaggeration phase
        }
    }

    [Fact]
    public void Tsne_RejectsPerplexityNotBelowN()
    {
        using var t = zeros(20, 3);
        Assert.Equal("Perplexity", Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne().FitTransform(t)).ParamName);
    }

    [Fact]
    public async Task Tsne_OnAThousandPoints_IsAsTrustworthyAsScikitLearn()
    {
        var (x, _) = SyntheticPoints.Clusters(1000, 32, seed: 8, spread: 1.5);
        using var py = new PythonOracle();
        py.Write("x.npy", x, 1000, 32);
        var pyTask = Task.Run(() => py.Run("""
import numpy as np
from sklearn.manifold import TSNE, trustworthiness
x = np.load('x.npy')
e = TSNE(n_components=2, init='pca', learning_rate='auto', random_state=0).fit_transform(x)
print(repr(trustworthiness(x, e, n_neighbors=5)))
""", timeoutSeconds: 300));
        using var t = tensor(x, [1000, 32]);
        var ours = Trustworthiness.Compute(t, new Tsne().FitTransform(t), 5);   // its speed: tests/Benchmarks metrics tsne1000
        double reference = double.Parse((await pyTask).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(ours - reference) <= 0.02, $"trustworthiness ours {ours:F4} vs scikit-learn {reference:F4}");
    }
}
