using Course.Labs.Losses;
using Course.Labs.Losses.Distances;
using Course.Labs.Losses.Miners;
using Course.Labs.Tests.Support;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Losses;

public class LossTests
{
    private static Tensor T(params double[] v) => tensor(v, dtype: ScalarType.Float32);
    private static Tensor T64(params double[] v) => tensor(v, dtype: ScalarType.Float64);

    [Fact]
    public void PairwiseDistance_AddsEpsToTheDifference_Vector3()
    {
        Assert.Equal(1.41421e-6, Distance.Pairwise(T(0, 0), T(0, 0)).item<float>(), 10);
        Assert.Equal(4.9999998, Distance.Pairwise(T64(3, 0), T64(0, 4)).item<double>(), 7);
        Assert.Equal(5.0000002, Distance.Pairwise(T64(0, 4), T64(3, 0)).item<double>(), 7);
        Assert.Equal(5.0f, Distance.Pairwise(T(3, 0), T(0, 4)).item<float>());
        Assert.Equal(5.0f, Distance.Pairwise(T(0, 4), T(3, 0)).item<float>());
    }

    /// <summary>
    /// Lab 7 checks its students' triplet loss against TorchSharp's <c>triplet_margin_loss</c> (the library keeps no
    /// copy of it): the reference's test vector, with and without swap.
    /// </summary>
    [Fact]
    public void TorchSharps_triplet_margin_loss_is_the_reference_lab_7_uses_Vector4_WithAndWithoutSwap()
    {
        Assert.Equal(0.5, nn.functional.triplet_margin_loss(T(0, 0), T(1, 0), T(0, 1.5)).item<float>(), 5);
        Assert.Equal(1.8, nn.functional.triplet_margin_loss(T(0, 0), T(1, 0), T(1.2, 0), swap: true).item<float>(), 5);
        Assert.Equal(0.8, nn.functional.triplet_margin_loss(T(0, 0), T(1, 0), T(1.2, 0), swap: false).item<float>(), 5);
    }

    [Fact]
    public void BatchHard_Vector5_BoTMean_AvgNonZero_SoftMargin()
    {
        var x = tensor(new float[] { 0, 1, 1.5f, 3 }).reshape(4, 1);
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        Assert.Equal(0.525, BatchHardTripletLoss.Compute(x, labels, 0.3).item<float>(), 5);
        Assert.Equal(1.05, BatchHardTripletLoss.Compute(x, labels, 0.3, LossReduction.MeanOverNonZero).item<float>(), 5);
        Assert.Equal(0.808873, BatchHardTripletLoss.Compute(x, labels, margin: null).item<float>(), 5);
    }

    [Fact]
    public void BatchHardMiner_PicksFarthestPositiveAndNearestNegative()
    {
        var x = tensor(new float[] { 0, 1, 1.5f, 3, 0.2f }).reshape(5, 1);
        var labels = tensor(new long[] { 0, 0, 1, 1, 0 });
        var t = TripletMiners.BatchHard(Distance.EuclideanMatrix(x), labels);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, t.Anchor.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 0, 3, 2, 1 }, t.Positive.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 2, 1, 1, 2 }, t.Negative.data<long>().ToArray());
    }

    [Fact]
    public void TripletMarginMiner_SplitsTripletsByKind()
    {
        var x = tensor(new float[] { 0, 1, 1.5f, 3 }).reshape(4, 1);
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        // 8 valid triplets; t = d_an - d_ap: (0,1,2)=.5 (0,1,3)=2 (1,0,2)=-.5 (1,0,3)=1 (2,3,0)=0 (2,3,1)=-1 (3,2,0)=1.5 (3,2,1)=.5
        long Count(TripletKind k) => TripletMiners.Margin(x, labels, margin: 0.6, kind: k).Count;
        Assert.Equal(3, Count(TripletKind.Hard));
        Assert.Equal(2, Count(TripletKind.SemiHard));
        Assert.Equal(5, Count(TripletKind.All));
        Assert.Equal(3, Count(TripletKind.Easy));
    }

    [Fact]
    public void BatchAll_AveragesTheNonZeroTriplets()
    {
        var x = tensor(new float[] { 0, 1, 1.5f, 3 }).reshape(4, 1);
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        // with margin .6 the losses are .6 - t for the 5 triplets with t < .6: .1, 1.1, .6, 1.6, .1
        Assert.Equal(3.5 / 5, BatchAllTripletLoss.Compute(x, labels, 0.6).item<float>(), 5);
        Assert.Equal(3.5 / 8, BatchAllTripletLoss.Compute(x, labels, 0.6, LossReduction.Mean).item<float>(), 5);
    }

    [Fact]
    public void SemiHard_AgreesWithBruteForceFaceNetSelection()
    {
        var g = manual_seed(3);
        var x = randn(12, 4);
        var labels = tensor(new long[] { 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3 });
        var loss = SemiHardTripletLoss.Compute(x, labels, margin: 0.2).item<float>();

        var d = Distance.EuclideanMatrix(x, squared: true).data<float>().ToArray();
        var l = labels.data<long>().ToArray();
        double sum = 0; int pairs = 0;
        for (int a = 0; a < 12; a++)
            for (int p = 0; p < 12; p++)
            {
                if (p == a || l[p] != l[a]) continue;
                var negs = Enumerable.Range(0, 12).Where(n => l[n] != l[a]).Select(n => d[a * 12 + n]).ToList();
                var outside = negs.Where(v => v > d[a * 12 + p]).ToList();
                double dn = outside.Count > 0 ? outside.Min() : negs.Max();
                sum += Math.Max(0, d[a * 12 + p] - dn + 0.2);
                pairs++;
            }
        Assert.Equal(sum / pairs, loss, 4);
    }

    [Fact]
    public void Losses_AreDifferentiable_EvenForIdenticalPoints()
    {
        var x1 = zeros(3, 2, requires_grad: true);
        var x2 = zeros(3, 2);
        var loss = ContrastiveLoss.Plain(x1, x2, tensor(new float[] { 1, 0, 1 })) + ContrastiveLoss.Squared(x1, x2, tensor(new float[] { 1, 0, 1 }));
        loss.backward();
        Assert.True(x1.grad!.isfinite().all().item<bool>());

        var e = randn(8, 3, requires_grad: true);
        var labels = tensor(new long[] { 0, 0, 1, 1, 2, 2, 3, 3 });
        (BatchHardTripletLoss.Compute(e, labels) + BatchAllTripletLoss.Compute(e, labels) + SemiHardTripletLoss.Compute(e, labels)).backward();
        Assert.True(e.grad!.isfinite().all().item<bool>());
        Assert.True(e.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void ShapeMismatches_NameTheParameter()
    {
        Assert.Equal("x2", Assert.Throws<ArgumentException>(() => ContrastiveLoss.Squared(zeros(4, 2), zeros(3, 2), zeros(4))).ParamName);
        Assert.Equal("similar", Assert.Throws<ArgumentException>(() => ContrastiveLoss.Squared(zeros(4, 2), zeros(4, 2), zeros(3))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => BatchHardTripletLoss.Compute(zeros(4, 2), tensor(new long[] { 0, 1, 2 }))).ParamName);
    }

    [Fact]
    public void RandomBatches_AgreeWithTorchToFloatTolerance()
    {
        manual_seed(42);
        int n = 64, dim = 16;
        var a = randn(n, dim); var p = randn(n, dim); var ng = randn(n, dim);
        var sim = (rand(n) > 0.5).to(ScalarType.Float32);
        var labels = randint(0, 8, [n], dtype: ScalarType.Int64);

        using var py = new PythonOracle();
        foreach (var (name, t) in new[] { ("a", a), ("p", p), ("n", ng), ("sim", sim) })
            py.Write(name + ".npy", t.data<float>().ToArray(), (int)t.shape[0], t.dim() == 2 ? (int)t.shape[1] : 1);
        py.Write("labels.npy", labels.data<long>().ToArray());
        py.Run("""
import numpy as np, torch
import torch.nn.functional as F
a, p, n = (torch.from_numpy(np.load(f + '.npy')) for f in 'apn')
y = torch.from_numpy(np.load('sim.npy')).view(-1)
labels = torch.from_numpy(np.load('labels.npy'))
out = []
out.append(F.pairwise_distance(a, p))
for swap in (False, True):
    for red in ('none', 'sum', 'mean'):
        out.append(F.triplet_margin_loss(a, p, n, margin=1.0, swap=swap, reduction=red).reshape(-1))
out.append(F.triplet_margin_loss(a, p, n, margin=0.5, p=1).reshape(-1))
# siamese-triplet ContrastiveLoss (target 1 = similar), margin 2
d2 = (p - a).pow(2).sum(1)
out.append((0.5 * (y * d2 + (1 - y) * F.relu(2.0 - (d2 + 1e-9).sqrt()).pow(2))).mean().reshape(-1))
d = F.pairwise_distance(a, p)
out.append((y * d + (1 - y) * F.relu(1.0 - d)).sum().reshape(-1))
# reid-strong-baseline TripletLoss (hard mining, MarginRankingLoss .3 / SoftMarginLoss)
x = a
dist = (x.pow(2).sum(1, keepdim=True) + x.pow(2).sum(1, keepdim=True).t()).addmm(x, x.t(), beta=1, alpha=-2).clamp(min=1e-12).sqrt()
N = dist.size(0)
is_pos = labels.expand(N, N).eq(labels.expand(N, N).t())
ap = torch.stack([dist[i][is_pos[i]].max() for i in range(N)])
an = torch.stack([dist[i][~is_pos[i]].min() for i in range(N)])
out.append(F.margin_ranking_loss(an, ap, torch.ones_like(an), margin=0.3).reshape(-1))
out.append(F.soft_margin_loss(an - ap, torch.ones_like(an)).reshape(-1))
np.save('out.npy', torch.cat(out).double().numpy())
""");
        var expected = py.ReadDoubles("out.npy");
        var ours = new List<double>();
        ours.AddRange(Distance.Pairwise(a, p).data<float>().ToArray().Select(v => (double)v));
        foreach (var swap in new[] { false, true })
            foreach (var red in new[] { nn.Reduction.None, nn.Reduction.Sum, nn.Reduction.Mean })
                ours.AddRange(nn.functional.triplet_margin_loss(a, p, ng, swap: swap, reduction: red).reshape(-1).data<float>().ToArray().Select(v => (double)v));
        ours.Add(nn.functional.triplet_margin_loss(a, p, ng, margin: 0.5, p: 1).item<float>());
        ours.Add(ContrastiveLoss.Squared(a, p, sim, margin: 2.0).item<float>());
        ours.Add(ContrastiveLoss.Plain(a, p, sim, reduction: LossReduction.Sum).item<float>());
        ours.Add(BatchHardTripletLoss.Compute(a, labels, 0.3).item<float>());
        ours.Add(BatchHardTripletLoss.Compute(a, labels, null).item<float>());

        Assert.Equal(expected.Length, ours.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - ours[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"item {i}: torch {expected[i]} vs ours {ours[i]}");
    }
}
