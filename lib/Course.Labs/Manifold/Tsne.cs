using Course.Labs.Neighbors;
using Course.Labs.Runtime;
using static TorchSharp.torch;

namespace Course.Labs.Manifold;

/// <summary>How t-SNE computes its gradient.</summary>
public enum TsneMethod
{
    /// <summary>Exact below <see cref="Tsne.ExactUpTo"/> points, Barnes-Hut above.</summary>
    Auto,
    /// <summary>All pairs, O(N^2) per step, dense P from all distances.</summary>
    Exact,
    /// <summary>Quadtree repulsion with <see cref="Tsne.Angle"/>, sparse P over 3 x perplexity + 1 neighbours (2-D only).</summary>
    BarnesHut,
}

/// <summary>How t-SNE places the points before optimising.</summary>
public enum TsneInit
{
    /// <summary>The first principal components, scaled so that the first has standard deviation 1e-4.</summary>
    Pca,
    /// <summary>Gaussian with standard deviation 1e-4, from <see cref="Tsne.Seed"/>.</summary>
    Random,
}

/// <summary>
/// t-distributed stochastic neighbour embedding (van der Maaten &amp; Hinton 2008; Barnes-Hut: van der Maaten 2014)
/// with scikit-learn's TSNE defaults and optimiser: perplexity 30; early exaggeration 12 for the first 250
/// iterations with momentum 0.5, then momentum 0.8 up to max_iter 1000; learning rate "auto" = max(N / 12 / 4, 50);
/// gains (+0.2 / x0.8, min 0.01); PCA init scaled to std 1e-4; Barnes-Hut with angle 0.5.
/// </summary>
public sealed class Tsne
{
    /// <summary>scikit-learn's _EXPLORATION_N_ITER: iterations with early exaggeration.</summary>
    public const int ExplorationIterations = 250;
    private const int IterationsPerCheck = 50;               // scikit-learn's n_iter_check
    private const double MinGain = 0.01;

    /// <summary>Below this many points <see cref="TsneMethod.Auto"/> uses the exact gradient.</summary>
    public const int ExactUpTo = 500;

    public int NComponents { get; init; } = 2;
    public double Perplexity { get; init; } = 30;
    public double EarlyExaggeration { get; init; } = 12;
    /// <summary>Null: scikit-learn's "auto" (<see cref="AutoLearningRate"/>).</summary>
    public double? LearningRate { get; init; }
    public int MaxIter { get; init; } = 1000;
    public int NIterWithoutProgress { get; init; } = 300;
    public double MinGradNorm { get; init; } = 1e-7;
    public TsneMethod Method { get; init; } = TsneMethod.Auto;
    public double Angle { get; init; } = 0.5;
    public TsneInit Init { get; init; } = TsneInit.Pca;
    public int Seed { get; init; }

    /// <summary>KL divergence at the end of the last fit.</summary>
    public double KlDivergence { get; private set; } = double.NaN;

    /// <summary>Index of the last iteration run (scikit-learn's <c>n_iter_</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>scikit-learn's learning_rate='auto': max(N / early_exaggeration / 4, 50).</summary>
    public static double AutoLearningRate(int n, double earlyExaggeration = 12) => Math.Max(n / earlyExaggeration / 4, 50);

    /// <summary>Embeds the rows of <paramref name="x"/> [N, D]; returns [N, NComponents].</summary>
    public double[,] FitTransform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2) throw new ArgumentException($"x must be [N, D]; got [{string.Join(", ", x.shape)}].", nameof(x));
        int n = (int)x.shape[0], dims = NComponents;
        if (Perplexity <= 0 || Perplexity >= n)
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity, $"perplexity must be in (0, N = {n}).");
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(NComponents), dims, "NComponents must be at least 1.");
        if (MaxIter < ExplorationIterations)
            throw new ArgumentOutOfRangeException(nameof(MaxIter), MaxIter, $"MaxIter must be at least {ExplorationIterations}.");
        var method = Method == TsneMethod.Auto ? (n < ExactUpTo ? TsneMethod.Exact : TsneMethod.BarnesHut) : Method;
        if (method == TsneMethod.BarnesHut && dims != 2)
            throw new ArgumentException("Barnes-Hut here is 2-D (a quadtree); use TsneMethod.Exact for other NComponents.", nameof(NComponents));

        ITsneObjective objective = method == TsneMethod.Exact ? ExactObjective(x, n, dims) : BarnesHutObjective(x, n);
        var y = InitialEmbedding(x, n, dims);
        double lr = LearningRate ?? AutoLearningRate(n, EarlyExaggeration);

        // _tsne: exaggerated P with momentum .5 for 250 iterations, then the rest with momentum .8
        var (error, it) = GradientDescent(objective, y, EarlyExaggeration, 0, ExplorationIterations, 0.5, lr, ExplorationIterations);
        if (it < ExplorationIterations - 1 || MaxIter > ExplorationIterations)
            (error, it) = GradientDescent(objective, y, 1.0, it + 1, MaxIter, 0.8, lr, NIterWithoutProgress);
        KlDivergence = error;
        Iterations = it;

        var result = new double[n, dims];
        Buffer.BlockCopy(y, 0, result, 0, y.Length * sizeof(double));
        return result;
    }

    private ExactTsneObjective ExactObjective(Tensor x, int n, int dims)
    {
        var sq = new double[(long)n * n];
        NearestNeighbors.ForEachSquaredDistanceBlock(x, x, (start, count, values) => Array.Copy(values, 0, sq, (long)start * n, (long)count * n));
        for (int i = 0; i < n; i++) sq[(long)i * n + i] = 0;
        return new ExactTsneObjective(TsneAffinities.Exact(sq, n, Perplexity), n, dims);
    }

    private BarnesHutTsneObjective BarnesHutObjective(Tensor x, int n)
    {
        int k = Math.Min(n - 1, (int)(3.0 * Perplexity + 1));
        var neighbors = NearestNeighbors.Search(x, x, k, squared: true, excludeSelf: true);
        return new BarnesHutTsneObjective(TsneAffinities.FromNeighbors(neighbors, Perplexity), n, Angle);
    }

    private double[] InitialEmbedding(Tensor x, int n, int dims)
    {
        var y = new double[n * dims];
        if (Init == TsneInit.Pca)
        {
            using var projected = Pca.FitTransform(x, dims);
            var values = projected.data<double>().ToArray();
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) mean += values[i * dims];
            mean /= n;
            for (int i = 0; i < n; i++) var += (values[i * dims] - mean) * (values[i * dims] - mean);
            double scale = 1e-4 / Math.Sqrt(var / n);      // X / np.std(X[:, 0]) * 1e-4
            for (int i = 0; i < y.Length; i++) y[i] = values[i] * scale;
        }
        else
        {
            var rng = Reproducibility.Random(Seed);
            for (int i = 0; i < y.Length; i++)
                y[i] = 1e-4 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        }
        return y;
    }

    /// <summary>scikit-learn's <c>_gradient_descent</c> (fresh update and gains each call), in place on <paramref name="p"/>.</summary>
    private (double Error, int LastIteration) GradientDescent(ITsneObjective objective, double[] p, double exaggeration,
        int it, int nIter, double momentum, double learningRate, int nIterWithoutProgress)
    {
        var update = new double[p.Length];
        var gains = Enumerable.Repeat(1.0, p.Length).ToArray();
        var grad = new double[p.Length];
        double error = double.MaxValue, bestError = double.MaxValue;
        int bestIter = it, i = it;
        for (; i < nIter; i++)
        {
            bool check = (i + 1) % IterationsPerCheck == 0;
            double e = objective.Gradient(p, grad, exaggeration, check || i == nIter - 1);
            if (!double.IsNaN(e)) error = e;
            double norm2 = 0;
            for (int j = 0; j < p.Length; j++)
            {
                bool inc = update[j] * grad[j] < 0;
                gains[j] = Math.Max(inc ? gains[j] + 0.2 : gains[j] * 0.8, MinGain);
                grad[j] *= gains[j];
                norm2 += grad[j] * grad[j];
                update[j] = momentum * update[j] - learningRate * grad[j];
                p[j] += update[j];
            }
            if (check)
            {
                if (error < bestError) { bestError = error; bestIter = i; }
                else if (i - bestIter > nIterWithoutProgress) break;
                if (Math.Sqrt(norm2) <= MinGradNorm) break;
            }
        }
        return (error, Math.Min(i, nIter - 1));
    }
}
