using TorchSharp;

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

    /// <summary>
    /// Every channel's mean and standard deviation over all pixels of all items: the numbers <c>Normalize</c> takes
    /// (MNIST: 0.1307, 0.3081). The images must share one size.
    /// </summary>
    public static (double[] Mean, double[] Std) ChannelStatistics(this ImageDataset dataset, int batchSize = 1000)
    {
        double[]? sums = null, squareSums = null;
        long pixelsPerChannel = 0;
        foreach (var (images, _) in new ImageDataLoader(dataset, batchSize, prefetch: 0))
        {
            using var scope = torch.NewDisposeScope();
            var wide = images.to_type(torch.float64);
            var batchSums = wide.sum([0, 2, 3]).data<double>().ToArray();
            var batchSquareSums = wide.square().sum([0, 2, 3]).data<double>().ToArray();
            sums = sums is null ? batchSums : sums.Zip(batchSums, (a, b) => a + b).ToArray();
            squareSums = squareSums is null ? batchSquareSums : squareSums.Zip(batchSquareSums, (a, b) => a + b).ToArray();
            pixelsPerChannel += images.shape[0] * images.shape[2] * images.shape[3];
        }
        if (sums is null || squareSums is null) throw new InvalidOperationException("The data set is empty.");
        var mean = sums.Select(sum => sum / pixelsPerChannel).ToArray();
        var std = squareSums.Select((squares, c) => Math.Sqrt(Math.Max(0, squares / pixelsPerChannel - mean[c] * mean[c]))).ToArray();
        return (mean, std);
    }
}
