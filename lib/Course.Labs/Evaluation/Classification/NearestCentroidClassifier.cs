using Course.Labs.Neighbors;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.Classification;

/// <summary>
/// Nearest-centroid classifier (scikit-learn's NearestCentroid, Euclidean): each class is the mean of its training
/// embeddings; a query takes the class of the nearest mean (ties: smallest label). With <c>byPrototype</c> each class
/// is instead its prototype, the training item nearest to its mean (seed 001's "centre point" question).
/// </summary>
public sealed class NearestCentroidClassifier
{
    private Tensor? centroids, prototypes;

    /// <summary>The distinct training labels, sorted; row c of the centroids belongs to Classes[c].</summary>
    public int[] Classes { get; private set; } = [];

    /// <summary>Per class (in <see cref="Classes"/> order) the index of the training item nearest to the class mean.</summary>
    public int[] PrototypeIndices { get; private set; } = [];

    /// <summary>[numClasses, D] class means, in <see cref="Classes"/> order (float64).</summary>
    public Tensor Centroids => centroids ?? throw new InvalidOperationException("Call Fit first.");

    public NearestCentroidClassifier Fit(Tensor x, IReadOnlyList<int> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2) throw new ArgumentException($"x must be [N, D]; got [{string.Join(", ", x.shape)}].", nameof(x));
        if (y.Count != x.shape[0]) throw new ArgumentException($"y has {y.Count} labels for {x.shape[0]} rows of x.", nameof(y));
        using var _ = no_grad();
        var data = x.detach().to(ScalarType.Float64, CPU);
        Classes = [.. y.Distinct().Order()];
        var means = new List<Tensor>();
        var protoIdx = new int[Classes.Length];
        for (int c = 0; c < Classes.Length; c++)
        {
            var members = Enumerable.Range(0, y.Count).Where(i => y[i] == Classes[c]).ToArray();
            using var rows = data.index_select(0, tensor(members.Select(i => (long)i).ToArray()));
            var mean = rows.mean([0], keepdim: true);
            means.Add(mean);
            protoIdx[c] = members[NearestNeighbors.Search(mean, rows, 1).Indices[0]];
        }
        centroids?.Dispose();
        prototypes?.Dispose();
        centroids = cat(means, 0);
        PrototypeIndices = protoIdx;
        prototypes = data.index_select(0, tensor(protoIdx.Select(i => (long)i).ToArray()));
        return this;
    }

    /// <summary>The label of the nearest class mean (or prototype) for each row of <paramref name="x"/>.</summary>
    public int[] Predict(Tensor x, bool byPrototype = false)
    {
        var reference = byPrototype ? prototypes! : Centroids;
        var nearest = NearestNeighbors.Search(x, reference, 1);
        return [.. nearest.Indices.Select(c => Classes[c])];
    }
}
