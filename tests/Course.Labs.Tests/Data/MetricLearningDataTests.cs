using Course.Labs.Data.MetricLearning;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Data;

public class MetricLearningDataTests
{
    /// <summary>n items, labels 0..classes-1 at random (seed 1); the image of item i is a 1x2x2 tensor filled with i.</summary>
    private static LabelledItems Items(int n, int classes)
    {
        var rng = new Random(1);
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(classes)).ToArray();
        return new LabelledItems(labels, i => full(1, 2, 2, (float)i));
    }

    [Fact]
    public void Pairs_AreHalfSimilar_Labelled_AndDeterministicBySeed()
    {
        var items = Items(10_000, 10);
        var pairs = new PairDataset(items, seed: 3);
        double similarShare = pairs.Similar.Count(s => s) / 10_000.0;
        Assert.InRange(similarShare, 0.48, 0.52);
        for (int i = 0; i < 10_000; i++)
            Assert.Equal(pairs.Similar[i], items.Labels[i] == items.Labels[pairs.Partner[i]]);
        Assert.Equal(pairs.Partner, new PairDataset(items, seed: 3).Partner);
        Assert.NotEqual(pairs.Partner, new PairDataset(items, seed: 4).Partner);
    }

    [Fact]
    public void PairElement_HoldsBothImagesAndTheSimilarFlag()
    {
        var items = Items(50, 3);
        var pairs = new PairDataset(items, seed: 0);
        var e = pairs.GetTensor(7);
        Assert.Equal(7f, e["image1"][0, 0, 0].item<float>());
        Assert.Equal(pairs.Partner[7], (int)e["image2"][0, 0, 0].item<float>());
        Assert.Equal(pairs.Similar[7] ? 1f : 0f, e["similar"].item<float>());
        Assert.Equal(items.Labels[pairs.Partner[7]], (int)e["label2"].item<long>());

        using var loader = torch.utils.data.DataLoader(pairs, batchSize: 8, shuffle: false);
        foreach (var batch in loader)                        // the loader disposes a batch when it moves on
        {
            Assert.Equal(new long[] { 8, 1, 2, 2 }, batch["image2"].shape);
            Assert.Equal(new long[] { 8 }, batch["similar"].shape);
            break;
        }
    }

    [Fact]
    public void Triplets_HavePositiveOfTheAnchorsClass_AndNegativeOfAnother()
    {
        var items = new LabelledItems([0, 0, 1, 1, 1, 2], i => full(1, (float)i));
        var triplets = new TripletDataset(items, seed: 5);
        for (int i = 0; i < items.Count; i++)
        {
            Assert.Equal(items.Labels[i], items.Labels[triplets.Positive[i]]);
            if (items.Labels[i] != 2) Assert.NotEqual(i, triplets.Positive[i]);
            Assert.NotEqual(items.Labels[i], items.Labels[triplets.Negative[i]]);
        }
        Assert.Equal(5, triplets.Positive[5]);               // alone in its class: its own positive
        var e = triplets.GetTensor(2);
        Assert.Equal((float)triplets.Negative[2], e["negative"].item<float>());
        Assert.Equal(new TripletDataset(items, seed: 5).Negative, triplets.Negative);
    }

    [Fact]
    public void PkSampler_BatchesHavePIdentitiesOfKItems()
    {
        var rng = new Random(2);
        // 20 identities with 2..9 items each
        var labels = Enumerable.Range(0, 20).SelectMany(id => Enumerable.Repeat(id, 2 + rng.Next(8))).ToArray();
        var items = new LabelledItems(labels, i => full(1, (float)i));
        var sampler = new PkSampler(items, p: 4, k: 4, seed: 9);
        var batches = sampler.Batches(epoch: 0);
        Assert.NotEmpty(batches);
        var seen = new Dictionary<int, int>();
        foreach (var batch in batches)
        {
            Assert.Equal(16, batch.Length);
            var groups = batch.Chunk(4).ToArray();
            Assert.Equal(4, groups.Select(g => labels[g[0]]).Distinct().Count());
            foreach (var g in groups) Assert.All(g, i => Assert.Equal(labels[g[0]], labels[i]));
            foreach (int i in batch) seen[i] = seen.GetValueOrDefault(i) + 1;
        }
        // an identity with at least K items never repeats an item within an epoch; one with fewer is drawn with replacement
        Assert.All(seen, kv => Assert.True(kv.Value == 1 || labels.Count(l => l == labels[kv.Key]) < 4));
        var smallIds = Enumerable.Range(0, 20).Where(id => labels.Count(l => l == id) < 4).ToArray();
        Assert.NotEmpty(smallIds);
        Assert.Contains(batches, b => smallIds.Contains(labels[b[0]]) || b.Chunk(4).Any(g => smallIds.Contains(labels[g[0]])));

        Assert.Equal(batches, sampler.Batches(epoch: 0));
        Assert.NotEqual(batches, sampler.Batches(epoch: 1));
        var (images, batchLabels) = sampler.Collate(batches[0]);
        Assert.Equal(new long[] { 16, 1 }, images.shape);
        Assert.Equal(batches[0].Select(i => (long)labels[i]), batchLabels.data<long>().ToArray());
    }

    [Fact]
    public void InvalidArguments_NameTheParameter()
    {
        var items = new LabelledItems([0, 1, 1], i => zeros(1));
        Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => new PkSampler(items, p: 3, k: 2)).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => new PkSampler(items, p: 2, k: 0)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => items.ImageOf(3)).ParamName);
        Assert.Throws<InvalidOperationException>(() => new PairDataset(new LabelledItems([4, 4], i => zeros(1))));
    }
}
