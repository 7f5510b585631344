using Course.Labs.Neighbors;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.Classification;

/// <summary>
/// Error analysis (seed 001 Q5): for each query, the training item of a given class nearest to it, e.g. the
/// nearest training image of the predicted class next to the nearest one of the true class.
/// </summary>
public static class NearestOfClass
{
    /// <summary>
    /// For each row i of <paramref name="queries"/>, the index (into <paramref name="train"/>) of the nearest training
    /// row whose label is <paramref name="classOfQuery"/>[i]. Distance ties go to the smaller training index.
    /// </summary>
    public static int[] Find(Tensor queries, Tensor train, IReadOnlyList<int> trainLabels, IReadOnlyList<int> classOfQuery)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(classOfQuery);
        if (trainLabels.Count != train.shape[0])
            throw new ArgumentException($"trainLabels has {trainLabels.Count} labels for {train.shape[0]} rows of train.", nameof(trainLabels));
        if (classOfQuery.Count != queries.shape[0])
            throw new ArgumentException($"classOfQuery has {classOfQuery.Count} entries for {queries.shape[0]} queries.", nameof(classOfQuery));

        var result = new int[classOfQuery.Count];
        foreach (var group in Enumerable.Range(0, classOfQuery.Count).GroupBy(i => classOfQuery[i]))
        {
            var members = Enumerable.Range(0, trainLabels.Count).Where(i => trainLabels[i] == group.Key).ToArray();
            if (members.Length == 0)
                throw new ArgumentException($"No training item has class {group.Key}.", nameof(classOfQuery));
            var queryRows = group.ToArray();
            using var scope = NewDisposeScope();
            var q = queries.index_select(0, tensor(queryRows.Select(i => (long)i).ToArray()));
            var r = train.index_select(0, tensor(members.Select(i => (long)i).ToArray()));
            var nearest = NearestNeighbors.Search(q, r, 1);
            for (int j = 0; j < queryRows.Length; j++) result[queryRows[j]] = members[nearest.Indices[j]];
        }
        return result;
    }
}
