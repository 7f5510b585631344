using TorchSharp;
using Course.Labs.Data;

namespace Course.Labs.Tests.Data;

public sealed class SplitTests
{
    /// <summary>Labels of 1,000 items over 4 classes of unequal size (400, 300, 200, 100), interleaved.</summary>
    private static readonly int[] Labels = Enumerable.Range(0, 1000).Select(i => i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3).ToArray();

    [Fact]
    public void Stratified_counts_take_the_asked_number_of_every_class_in_disjoint_parts()
    {
        var parts = Splits.StratifiedCounts(Labels, [50, 30], seed: 1);

        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(50, parts[0].Count(i => Labels[i] == c)));
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(30, parts[1].Count(i => Labels[i] == c)));
        Assert.Empty(parts[0].Intersect(parts[1]));
        Assert.Equal(parts[0], Splits.StratifiedCounts(Labels, [50, 30], seed: 1)[0]);
        Assert.NotEqual(parts[0], Splits.StratifiedCounts(Labels, [50, 30], seed: 2)[0]);
        var tooMany = Assert.Throws<ArgumentException>(() => Splits.StratifiedCounts(Labels, [80, 30], seed: 1));
        Assert.Contains("Class 3 has 100 items", tooMany.Message);
    }

    [Fact]
    public void A_stratified_train_validation_test_split_keeps_every_classs_share()
    {
        var (train, validation, test) = Splits.ByFractions(Labels, [0.6, 0.1, 0.3], seed: 1395) is [var a, var b, var c] ? (a, b, c) : default;

        Assert.Equal(1000, train.Length + validation.Length + test.Length);
        Assert.Equal(Enumerable.Range(0, 1000), train.Concat(validation).Concat(test).Order());
        Assert.Equal([240, 180, 120, 60], Enumerable.Range(0, 4).Select(c => train.Count(i => Labels[i] == c)));
        Assert.Equal([40, 30, 20, 10], Enumerable.Range(0, 4).Select(c => validation.Count(i => Labels[i] == c)));
        Assert.Equal([120, 90, 60, 30], Enumerable.Range(0, 4).Select(c => test.Count(i => Labels[i] == c)));
    }

    [Fact]
    public void Splits_depend_only_on_the_seed_and_a_plain_split_has_the_asked_sizes()
    {
        var first = Splits.ByFractions(Labels, [0.7, 0.3], seed: 4, stratified: false);
        var again = Splits.ByFractions(Labels, [0.7, 0.3], seed: 4, stratified: false);
        var other = Splits.ByFractions(Labels, [0.7, 0.3], seed: 5, stratified: false);

        Assert.Equal(first, again);
        Assert.NotEqual(first[0], other[0]);
        Assert.Equal([700, 300], first.Select(p => p.Length));
        Assert.Throws<ArgumentException>(() => Splits.ByFractions(Labels, [0.7, 0.2], seed: 4));
    }

    [Fact]
    public void Dataset_splits_are_subsets_that_read_their_sources_items()
    {
        var dataset = new InMemoryImageDataset(Enumerable.Range(0, 1000 * 4).Select(i => (float)(i / 4) / 1000).ToArray(), Labels,
            1, 2, 2, ["a", "b", "c", "d"]);

        var parts = dataset.Split([0.5, 0.5], seed: 3);

        Assert.Equal([500, 500], parts.Select(p => p.Count));
        Assert.Equal([200, 150, 100, 50], parts[0].ClassCounts());
        var index = parts[1].Indices[7];
        using var image = parts[1].GetImage(7);
        Assert.Equal(index / 1000f, image[0, 1, 1].ToSingle(), 6);
        Assert.Equal(Labels[index], parts[1].Labels[7]);
    }

    [Fact]
    public void A_sample_of_a_data_set_stored_in_class_order_mixes_the_classes_and_repeats_with_its_seed()
    {
        // 1,000 items stored class after class (250 of each), pixel value = item index / 1000: the first 32 are all class 0.
        int[] ordered = Enumerable.Range(0, 1000).Select(i => i / 250).ToArray();
        var dataset = new InMemoryImageDataset(Enumerable.Range(0, 1000 * 4).Select(i => (float)(i / 4) / 1000).ToArray(), ordered,
            1, 2, 2, ["a", "b", "c", "d"]);

        using var sample = BatchBuilder.Sample(dataset, 32, seed: 5);

        Assert.Equal(32, sample.Size);
        Assert.Equal(32, sample.Indices.Distinct().Count());
        Assert.Equal(4, sample.Labels.data<long>().Distinct().Count());
        for (int k = 0; k < sample.Size; k++)
        {
            Assert.Equal(ordered[sample.Indices[k]], sample.Labels[k].item<long>());
            Assert.Equal(sample.Indices[k] / 1000f, sample.Images[k, 0, 0, 0].ToSingle(), 6);
        }
        using var again = BatchBuilder.Sample(dataset, 32, seed: 5);
        using var other = BatchBuilder.Sample(dataset, 32, seed: 6);
        Assert.Equal(sample.Indices, again.Indices);
        Assert.NotEqual(sample.Indices, other.Indices);
        using var all = BatchBuilder.Sample(dataset, 5000, seed: 1);
        Assert.Equal(Enumerable.Range(0, 1000), all.Indices.Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchBuilder.Sample(dataset, 0));
    }

    [Fact]
    public void Channel_statistics_are_the_mean_and_std_of_every_pixel()
    {
        var values = Enumerable.Range(0, 250 * 2 * 9).Select(i => (float)((i * 37 % 101) / 100.0)).ToArray();
        var dataset = new InMemoryImageDataset(values, new int[250], 2, 3, 3, ["only"]);

        var (mean, std) = dataset.ChannelStatistics(batchSize: 64);

        for (var c = 0; c < 2; c++)
        {
            var channel = Enumerable.Range(0, values.Length).Where(i => i % 18 / 9 == c).Select(i => (double)values[i]).ToArray();
            var expectedMean = channel.Average();
            Assert.Equal(expectedMean, mean[c], 5);
            Assert.Equal(Math.Sqrt(channel.Select(v => (v - expectedMean) * (v - expectedMean)).Average()), std[c], 5);
        }
    }
}
