using Course.Labs.Neighbors;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.Classification;

/// <summary>How the k neighbours vote (scikit-learn's <c>weights</c>).</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts 1.</summary>
    Uniform,
    /// <summary>A neighbour counts 1 / distance; neighbours at distance 0, when there are any, take the whole vote.</summary>
    Distance,
}

/// <summary>
/// k-nearest-neighbour classifier with scikit-learn's KNeighborsClassifier semantics (Euclidean metric):
/// neighbours ordered by (distance, training index); the class with the largest (weighted) vote wins, a tie going
/// to the smallest label (scikit-learn takes the argmax over its sorted <c>classes_</c>).
/// </summary>
public sealed class KNeighborsClassifier
{
    private Tensor? train;
    private int[] trainClass = [];                           // index into Classes of each training row

    public KNeighborsClassifier(int nNeighbors = 5, NeighborWeights weights = NeighborWeights.Uniform)
    {
        if (nNeighbors < 1) throw new ArgumentOutOfRangeException(nameof(nNeighbors), nNeighbors, "nNeighbors must be at least 1.");
        NNeighbors = nNeighbors;
        Weights = weights;
    }

    public int NNeighbors { get; }
    public NeighborWeights Weights { get; }

    /// <summary>The distinct training labels, sorted (scikit-learn's <c>classes_</c>).</summary>
    public int[] Classes { get; private set; } = [];

    /// <summary>Stores the training embeddings [N, D] and their labels.</summary>
    public KNeighborsClassifier Fit(Tensor x, IReadOnlyList<int> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2) throw new ArgumentException($"x must be [N, D]; got [{string.Join(", ", x.shape)}].", nameof(x));
        if (y.Count != x.shape[0]) throw new ArgumentException($"y has {y.Count} labels for {x.shape[0]} rows of x.", nameof(y));
        if (NNeighbors > y.Count)
            throw new ArgumentException($"nNeighbors = {NNeighbors} is more than the {y.Count} training rows.", nameof(x));
        train?.Dispose();
        train = x.detach().to(ScalarType.Float64, CPU).contiguous();
        Classes = [.. y.Distinct().Order()];
        trainClass = [.. y.Select(label => Array.BinarySearch(Classes, label))];
        return this;
    }

    /// <summary>The <see cref="NNeighbors"/> nearest training rows of each row of <paramref name="x"/>.</summary>
    public NeighborList KNeighbors(Tensor x) => NearestNeighbors.Search(x, Train, NNeighbors);

    /// <summary>The predicted label of each row of <paramref name="x"/>.</summary>
    public int[] Predict(Tensor x)
    {
        var proba = PredictProba(x);
        int numC = Classes.Length;
        var labels = new int[proba.GetLength(0)];
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;                                    // strict '>' keeps the first (smallest) class on a tie
            for (int c = 1; c < numC; c++) if (proba[i, c] > proba[i, best]) best = c;
            labels[i] = Classes[best];
        }
        return labels;
    }

    /// <summary>Vote shares [numQueries, Classes.Length]: each row's weighted votes divided by their sum.</summary>
    public double[,] PredictProba(Tensor x)
    {
        var neighbors = KNeighbors(x);
        int numC = Classes.Length, k = NNeighbors;
        var proba = new double[neighbors.NumQueries, numC];
        Parallel.For(0, neighbors.NumQueries, i =>
        {
            var idx = neighbors.IndicesOf(i);
            var dist = neighbors.DistancesOf(i);
            bool anyZero = Weights == NeighborWeights.Distance && dist.Contains(0.0);
            double total = 0;
            for (int j = 0; j < k; j++)
            {
                // scikit-learn's _get_weights: 1/d, but a row with a zero distance gives weight 1 to those, 0 to the rest
                double w = Weights == NeighborWeights.Uniform ? 1.0 : anyZero ? (dist[j] == 0 ? 1.0 : 0.0) : 1.0 / dist[j];
                proba[i, trainClass[idx[j]]] += w;
                total += w;
            }
            for (int c = 0; c < numC; c++) proba[i, c] /= total;
        });
        return proba;
    }

    /// <summary>Accuracy of <see cref="Predict"/> against <paramref name="y"/>.</summary>
    public double Score(Tensor x, IReadOnlyList<int> y)
    {
        var predicted = Predict(x);
        if (y.Count != predicted.Length) throw new ArgumentException($"y has {y.Count} labels for {predicted.Length} rows of x.", nameof(y));
        return (double)predicted.Where((p, i) => p == y[i]).Count() / predicted.Length;
    }

    private Tensor Train => train ?? throw new InvalidOperationException("Call Fit before predicting.");
}
