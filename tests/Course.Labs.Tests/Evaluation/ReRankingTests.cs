using Course.Labs.Evaluation.ReId;
using Course.Labs.Tests.Support;

namespace Course.Labs.Tests.Evaluation;

public class ReRankingTests
{
    /// <summary>Euclidean distances between rows of a and rows of b (float32).</summary>
    private static float[,] Distances(double[] a, int na, double[] b, int nb, int dim)
    {
        var d = new float[na, nb];
        for (int i = 0; i < na; i++)
            for (int j = 0; j < nb; j++)
                d[i, j] = (float)Math.Sqrt(Enumerable.Range(0, dim).Sum(k => Math.Pow(a[i * dim + k] - b[j * dim + k], 2)));
        return d;
    }

    private static float[] Flat(float[,] m) => m.Cast<float>().ToArray();

    [Fact]
    public void ReRank_MatchesTorchreidReRanking()
    {
        int numQ = 30, numG = 150, dim = 8;
        var (query, _) = SyntheticPoints.Clusters(numQ, dim, seed: 21, spread: 1.0);
        var rng = new Random(22);
        var gallery = Enumerable.Range(0, numG * dim).Select(i => query[(i / dim % numQ) * dim + i % dim] + 0.7 * SyntheticPoints.Gaussian(rng)).ToArray();
        var qg = Distances(query, numQ, gallery, numG, dim);
        var qq = Distances(query, numQ, query, numQ, dim);
        var gg = Distances(gallery, numG, gallery, numG, dim);

        using var py = new PythonOracle();
        py.Write("qg.npy", Flat(qg), numQ, numG);
        py.Write("qq.npy", Flat(qq), numQ, numQ);
        py.Write("gg.npy", Flat(gg), numG, numG);
        py.Run($$"""
import sys
import numpy as np
sys.path.insert(0, '{{PythonOracle.ScriptFolder}}')
from re_ranking import re_ranking
out = re_ranking(np.load('qg.npy'), np.load('qq.npy'), np.load('gg.npy'), k1=20, k2=6, lambda_value=0.3)
np.save('out.npy', np.ascontiguousarray(out, dtype=np.float64))
""");
        var expected = py.ReadDoubles("out.npy");
        var ours = Flat(KReciprocalReRanking.ReRank(qg, qq, gg));
        Assert.Equal(expected.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(expected[i] - ours[i]) < 1e-5, $"entry {i}: torchreid {expected[i]} vs ours {ours[i]}");
    }

    [Fact]
    public void ReRank_on_tensors_gives_the_arrays_result_as_a_float32_matrix()
    {
        TorchSharp.torch.manual_seed(4);
        var query = TorchSharp.torch.randn(6, 4, dtype: TorchSharp.torch.ScalarType.Float64);
        var gallery = TorchSharp.torch.randn(25, 4, dtype: TorchSharp.torch.ScalarType.Float64);
        var (qg, qq, gg) = (TorchSharp.torch.cdist(query, gallery), TorchSharp.torch.cdist(query, query), TorchSharp.torch.cdist(gallery, gallery));
        static float[,] Array(TorchSharp.torch.Tensor t)
        {
            var m = new float[t.shape[0], t.shape[1]];
            for (int i = 0; i < m.GetLength(0); i++)
                for (int j = 0; j < m.GetLength(1); j++) m[i, j] = (float)t[i, j].item<double>();
            return m;
        }

        var fromTensors = KReciprocalReRanking.ReRank(qg, qq, gg, k1: 10, k2: 4);
        var fromArrays = KReciprocalReRanking.ReRank(Array(qg), Array(qq), Array(gg), k1: 10, k2: 4);

        Assert.Equal([6L, 25L], fromTensors.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, fromTensors.dtype);
        Assert.Equal(Flat(fromArrays), fromTensors.data<float>().ToArray());
        Assert.Equal("queryQuery", Assert.Throws<ArgumentException>(() => KReciprocalReRanking.ReRank(qg, qq.flatten(), gg)).ParamName);
    }

    [Fact]
    public void ReRank_ChecksShapesAndParameters()
    {
        var qg = new float[2, 30];
        Assert.Equal("queryQuery", Assert.Throws<ArgumentException>(() => KReciprocalReRanking.ReRank(qg, new float[3, 3], new float[30, 30])).ParamName);
        Assert.Equal("galleryGallery", Assert.Throws<ArgumentException>(() => KReciprocalReRanking.ReRank(qg, new float[2, 2], new float[29, 30])).ParamName);
        Assert.Equal("k2", Assert.Throws<ArgumentOutOfRangeException>(() => KReciprocalReRanking.ReRank(qg, new float[2, 2], new float[30, 30], k1: 4, k2: 6)).ParamName);
    }
}
