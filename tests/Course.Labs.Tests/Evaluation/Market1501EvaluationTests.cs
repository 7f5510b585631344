using System.Globalization;
using Course.Labs.Evaluation.ReId;
using Course.Labs.Tests.Support;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Evaluation;

public class Market1501EvaluationTests
{
    [Fact]
    public void ToyEvaluation_MatchesReferenceVector1()
    {
        float[,] dist = { { .1f, .5f, .2f, .3f, .9f, .8f }, { .4f, .6f, .7f, .1f, .05f, .2f } };
        var r = Market1501Evaluation.Evaluate(dist, [1, 2], [1, 1, 2, 3, 2, 1], [0, 0], [0, 1, 1, 0, 0, 2]);

        Assert.Equal(6, r.Cmc.Length);                       // max_rank 50 lowered to the gallery size
        Assert.Equal(new[] { 0, 0, .5, .5, 1 }, r.Cmc[..5]);
        Assert.Equal(0.308333, r.MeanAP, 6);                  // APs .416667 and .2
        Assert.Equal((0.5 + 0.2) / 2, r.MeanInp, 9);          // 2 hits by rank 4; 1 hit at rank 5
        Assert.Equal(2, r.ValidQueries);
    }

    [Fact]
    public void HitsAtRanks2And4_GiveTorchreidAP_NotTrapezoid()
    {
        // gallery in distance order: miss, hit, miss, hit -> AP = (1/2 + 2/4) / 2 = .5 (trapezoid would give .3333)
        float[,] dist = { { .1f, .2f, .3f, .4f } };
        var r = Market1501Evaluation.Evaluate(dist, [7], [3, 7, 4, 7], [0], [1, 1, 2, 2]);
        Assert.Equal(0.5, r.MeanAP, 9);
        Assert.Equal(new[] { 0.0, 1, 1, 1 }, r.Cmc);
        Assert.Equal(0.5, r.MeanInp, 9);
    }

    [Fact]
    public void QueryWhoseOnlyMatchesShareItsCamera_IsSkipped()
    {
        float[,] dist = { { .1f, .2f, .3f }, { .3f, .2f, .1f } };
        // query 0 (pid 5, cam 0): its only pid-5 item is in cam 0 -> removed -> no valid match -> skipped
        var r = Market1501Evaluation.Evaluate(dist, [5, 6], [5, 6, 1], [0, 0], [0, 1, 1]);
        Assert.Equal(1, r.ValidQueries);
        Assert.Equal(1.0 / 2, r.MeanAP, 9);                   // query 1's hit (index 1) is at rank 2 behind index 2
    }

    [Fact]
    public void EqualDistances_AreOrderedByGalleryIndex()
    {
        float[,] hitFirst = { { .5f, .5f } };
        Assert.Equal(1.0, Market1501Evaluation.Evaluate(hitFirst, [1], [1, 2], [0], [1, 1]).MeanAP, 9);
        Assert.Equal(0.5, Market1501Evaluation.Evaluate(hitFirst, [1], [2, 1], [0], [1, 1]).MeanAP, 9);
    }

    [Fact]
    public void RandomMatricesWithTies_AgreeWithLineByLinePort()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 5; trial++)
        {
            var (dist, qp, gp, qc, gc) = RandomProblem(rng, numQ: 60, numG: 300, levels: 20);
            var fast = Market1501Evaluation.Evaluate(dist, qp, gp, qc, gc, maxRank: 50);
            var (cmc, mAP, mInp, valid) = LineByLine(dist, qp, gp, qc, gc, 50);
            Assert.Equal(valid, fast.ValidQueries);
            Assert.Equal(mAP, fast.MeanAP, 12);
            Assert.Equal(mInp, fast.MeanInp, 12);
            for (int i = 0; i < cmc.Length; i++) Assert.Equal(cmc[i], fast.Cmc[i], 12);
        }
    }

    [Fact]
    public void RandomMatrix_AgreesWithNumPyPortOfEvalMarket1501()
    {
        var (dist, qp, gp, qc, gc) = RandomProblem(new Random(5), numQ: 120, numG: 900, levels: 50);
        var ours = Market1501Evaluation.Evaluate(dist, qp, gp, qc, gc);
        using var py = new PythonOracle();
        py.Write("dist.npy", dist, qp.Length, gp.Length);
        py.Write("qp.npy", qp.Select(v => (long)v).ToArray());
        py.Write("gp.npy", gp.Select(v => (long)v).ToArray());
        py.Write("qc.npy", qc.Select(v => (long)v).ToArray());
        py.Write("gc.npy", gc.Select(v => (long)v).ToArray());
        py.Run($$"""
import sys
import numpy as np
sys.path.insert(0, '{{PythonOracle.ScriptFolder}}')
from eval_market1501 import eval_market1501
d = np.load('dist.npy'); qp = np.load('qp.npy'); gp = np.load('gp.npy'); qc = np.load('qc.npy'); gc = np.load('gc.npy')
cmc, mAP, mINP = eval_market1501(d, qp, gp, qc, gc, 50)
np.save('out.npy', np.concatenate([[mAP, mINP], cmc]).astype(np.float64))
""");
        var expected = py.ReadDoubles("out.npy");
        Assert.Equal(expected[0], ours.MeanAP, 9);
        Assert.Equal(expected[1], ours.MeanInp, 9);
        for (int i = 0; i < 50; i++) Assert.Equal(expected[2 + i], ours.Cmc[i], 6);
    }

    [Fact]
    public void TensorAndFlatArrayOverloads_GiveTheSameResult()
    {
        var (dist, qp, gp, qc, gc) = RandomProblem(new Random(3), numQ: 30, numG: 100, levels: 1000);
        var flat = Market1501Evaluation.Evaluate(dist, qp, gp, qc, gc);
        using var t = tensor(dist, [qp.Length, gp.Length], dtype: ScalarType.Float64);
        var viaTensor = Market1501Evaluation.Evaluate(t, qp, gp, qc, gc);
        Assert.Equal(flat.MeanAP, viaTensor.MeanAP, 12);
        Assert.Equal(flat.Cmc, viaTensor.Cmc);
    }

    [Fact]
    public void FeatureDistances_FollowTorchreidsComputeDistanceMatrix()
    {
        var q = tensor(new float[] { 3, 0, 0, 1 }, [2, 2]);
        var g = tensor(new float[] { 0, 4, 2, 0, -1, 0 }, [3, 2]);
        Assert.Equal(new float[] { 25, 1, 16, 9, 5, 2 }, ReIdDistances.EuclideanSquared(q, g).data<float>().ToArray());
        var cosine = ReIdDistances.Cosine(q, g).data<float>().ToArray();
        Assert.Equal(new[] { 1.0, 0, 2, 0, 1, 1 }, cosine.Select(v => Math.Round(v, 6)));
        var r = Market1501Evaluation.Evaluate(ReIdDistances.EuclideanSquared(q, g), [1, 2], [2, 1, 2], [0, 0], [1, 1, 1]);
        Assert.Equal(1.0, r.Rank(1));                         // q0's nearest is g1 (pid 1); q1's nearest is g2 (pid 2)
        Assert.Equal("galleryFeatures", Assert.Throws<ArgumentException>(() => ReIdDistances.Cosine(q, zeros(3, 3))).ParamName);
    }

    [Fact]
    public void MismatchedShapes_NameTheParameter()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Market1501Evaluation.Evaluate(new float[2, 3], [1, 2], [1, 2], [0, 0], [0, 0, 0]));
        Assert.Equal("galleryPids", ex.ParamName);
        var flat = Assert.Throws<ArgumentException>(() =>
            Market1501Evaluation.Evaluate(new float[5], [1, 2], [1, 2], [0, 0], [0, 0]));
        Assert.Equal("distmat", flat.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Market1501Evaluation.Evaluate(new float[1, 1], [1], [1], [0], [1], maxRank: 0));
    }

    internal static (float[] Dist, int[] Qp, int[] Gp, int[] Qc, int[] Gc) RandomProblem(Random rng, int numQ, int numG, int levels)
    {
        int ids = Math.Max(2, numG / 8);
        var gp = Enumerable.Range(0, numG).Select(_ => rng.Next(ids)).ToArray();
        var gc = Enumerable.Range(0, numG).Select(_ => rng.Next(6)).ToArray();
        var qp = Enumerable.Range(0, numQ).Select(_ => rng.Next(ids)).ToArray();
        var qc = Enumerable.Range(0, numQ).Select(_ => rng.Next(6)).ToArray();
        // distances on a coarse grid, so ties are frequent
        var dist = Enumerable.Range(0, numQ * numG).Select(_ => (float)rng.Next(levels) / levels).ToArray();
        return (dist, qp, gp, qc, gc);
    }

    /// <summary>torchreid's eval_market1501 loop, ported line by line (stable argsort), as the test's reference.</summary>
    private static (double[] Cmc, double MAP, double MInp, int Valid) LineByLine(float[] dist, int[] qPids, int[] gPids, int[] qCamids, int[] gCamids, int maxRank)
    {
        int numQ = qPids.Length, numG = gPids.Length;
        var allCmc = new List<double[]>();
        var allAP = new List<double>();
        var allInp = new List<double>();
        for (int q = 0; q < numQ; q++)
        {
            var order = Enumerable.Range(0, numG).OrderBy(g => dist[q * numG + g]).ToArray();   // LINQ OrderBy is stable
            var rawCmc = order.Where(g => !(gPids[g] == qPids[q] && gCamids[g] == qCamids[q]))
                              .Select(g => gPids[g] == qPids[q] ? 1 : 0).ToArray();
            if (rawCmc.All(m => m == 0)) continue;
            var cmc = new double[maxRank];
            int cum = 0, last = 0;
            double ap = 0;
            for (int i = 0; i < rawCmc.Length; i++)
            {
                cum += rawCmc[i];
                if (rawCmc[i] == 1) { ap += (double)cum / (i + 1); last = i; }
                if (i < maxRank) cmc[i] = Math.Min(cum, 1);
            }
            allCmc.Add(cmc);
            allAP.Add(ap / cum);
            allInp.Add((double)cum / (last + 1));
        }
        var meanCmc = Enumerable.Range(0, maxRank).Select(r => allCmc.Average(c => c[r])).ToArray();
        return (meanCmc, allAP.Average(), allInp.Average(), allCmc.Count);
    }
}
