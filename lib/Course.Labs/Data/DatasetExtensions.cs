namespace Course.Labs.Data;

/// <summary>Subsets and splits of a data set, as views (<see cref="Subset"/>) that share its storage.</summary>
public static class DatasetExtensions
{
    /// <summary>The items at <paramref name="indices"/>.</summary>
    public static Subset Subset(this ImageDataset dataset, IReadOnlyList<int> indices) => new(dataset, indices);

    /// <summary>
    /// Disjoint stratified subsets with <c>perClass[k]</c> items of every class in part <c>k</c>; the seeds'
    /// MNIST subset is <c>digits.StratifiedSubsets([200, 100], seed)</c> (2,000 train, 1,000 test).
    /// </summary>
    public static Subset[] StratifiedSubsets(this ImageDataset dataset, IReadOnlyList<int> perClass, int seed)
        => Splits.StratifiedCounts(dataset.Labels, perClass, seed).Select(dataset.Subset).ToArray();

    /// <summary>Splits into parts of the given fractions (e.g. train/validation/test 0.6/0.1/0.3), stratified by default.</summary>
    public static Subset[] Split(this ImageDataset dataset, IReadOnlyList<double> fractions, int seed, bool stratified = true)
        => Splits.ByFractions(dataset.Labels, fractions, seed, stratified).Select(dataset.Subset).ToArray();

    /// <summary>How many items each class has (index = label).</summary>
    public static int[] ClassCounts(this ImageDataset dataset)
    {
        var counts = new int[dataset.ClassCount];
        foreach (var label in dataset.Labels) counts[label]++;
        return counts;
    }
}
