using Course.Labs.Evaluation.Classification;
using Course.Labs.Neighbors;
using Course.Labs.Tests.Support;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Evaluation;

public class ClassifierTests
{
    private static Tensor Points(params double[] xs) => tensor(xs, dtype: ScalarType.Float32).reshape(xs.Length, 1);

    [Fact]
    public void VoteTies_GoToTheSmallestLabel_Vector6()
    {
        // query at 0: neighbours in order 1, 2, 3, 4
        var x = Points(1, 2, 3, 4);
        Assert.Equal(0, new KNeighborsClassifier(2).Fit(x, [1, 0, 5, 5]).Predict(Points(0))[0]);
        Assert.Equal(1, new KNeighborsClassifier(4).Fit(x, [2, 2, 1, 1]).Predict(Points(0))[0]);
    }

    [Fact]
    public void EquidistantNeighbours_AreOrderedByTrainingIndex()
    {
        var x = Points(-1, 1, -1, 1, 5);
        var knn = new KNeighborsClassifier(3).Fit(x, [0, 1, 2, 3, 4]);
        Assert.Equal(new[] { 0, 1, 2 }, knn.KNeighbors(Points(0)).IndicesOf(0).ToArray());
        Assert.Equal(new[] { 0, 1, 2, 3 }, NearestNeighbors.Search(Points(0), x, 4).Indices);
    }

    [Fact]
    public void Search_OverSeveralDistanceBlocks_MatchesBruteForce()
    {
        var rng = new Random(12);
        int numQ = 1000, numR = 20_000, dim = 4;                 // 20,000 references: 400 query rows per block
        var q = Enumerable.Range(0, numQ * dim).Select(_ => rng.NextDouble()).ToArray();
        var r = Enumerable.Range(0, numR * dim).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();   // many ties
        var found = NearestNeighbors.Search(tensor(q, [numQ, dim]), tensor(r, [numR, dim]), 3, squared: true);
        foreach (int i in new[] { 0, 399, 400, 401, 999 })
        {
            var expected = Enumerable.Range(0, numR)
                .Select(j => (D: Enumerable.Range(0, dim).Sum(d => Math.Pow(q[i * dim + d] - r[j * dim + d], 2)), J: j))
                .OrderBy(t => t.D).ThenBy(t => t.J).Take(3).ToArray();
            Assert.Equal(expected.Select(t => t.J), found.IndicesOf(i).ToArray());
            for (int t = 0; t < 3; t++) Assert.Equal(expected[t].D, found.DistancesOf(i)[t], 9);
        }
    }

    [Fact]
    public void DistanceWeights_GiveAZeroDistanceNeighbourTheWholeVote()
    {
        var x = Points(0, 0.1, 0.2);
        var knn = new KNeighborsClassifier(3, NeighborWeights.Distance).Fit(x, [7, 3, 3]);
        Assert.Equal(7, knn.Predict(Points(0))[0]);
        Assert.Equal(3, knn.Predict(Points(0.12))[0]);
        var p = knn.PredictProba(Points(0.05));
        Assert.Equal(1.0, p[0, 0] + p[0, 1], 12);
    }

    [Fact]
    public void NearestCentroid_AndPrototypes()
    {
        var x = Points(0, 1, 2, 10, 11, 15);
        var nc = new NearestCentroidClassifier().Fit(x, [4, 4, 4, 9, 9, 9]);
        Assert.Equal(new[] { 1.0, 12.0 }, nc.Centroids.data<double>().ToArray());
        Assert.Equal(new[] { 1, 4 }, nc.PrototypeIndices);
        Assert.Equal(new[] { 4, 9, 4 }, nc.Predict(Points(-3, 7, 6.4)));
        Assert.Equal(new[] { 9 }, nc.Predict(Points(6.4), byPrototype: true));   // prototypes 1 and 11
    }

    [Fact]
    public void NearestOfClass_FindsTheClosestItemOfTheAskedClass()
    {
        var train = Points(0, 1, 2, 10, 11, 15);
        var labels = new[] { 4, 4, 4, 9, 9, 9 };
        Assert.Equal(new[] { 3, 2, 5 }, NearestOfClass.Find(Points(0, 14, 14), train, labels, [9, 4, 9]));
        Assert.Equal("classOfQuery", Assert.Throws<ArgumentException>(() => NearestOfClass.Find(Points(0), train, labels, [3])).ParamName);
    }

    [Fact]
    public void Fit_RejectsMismatchedLabels()
    {
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => new KNeighborsClassifier().Fit(Points(1, 2, 3, 4, 5, 6), [1, 2])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KNeighborsClassifier(0));
    }

    [Fact]
    public void RandomData_PredictionsIdenticalToScikitLearn()
    {
        var rng = new Random(7);
        int nTrain = 600, nTest = 400, dim = 16, classes = 10;
        var centers = Enumerable.Range(0, classes * dim).Select(_ => rng.NextDouble() * 2).ToArray();
        var yTrain = Enumerable.Range(0, nTrain).Select(_ => rng.Next(classes)).ToArray();
        var yTest = Enumerable.Range(0, nTest).Select(_ => rng.Next(classes)).ToArray();
        double[] Sample(int[] y) => y.SelectMany(c => Enumerable.Range(0, dim).Select(d => centers[c * dim + d] + SyntheticPoints.Gaussian(rng))).ToArray();
        var xTrain = Sample(yTrain);
        var xTest = Sample(yTest);

        using var py = new PythonOracle();
        py.Write("xtr.npy", xTrain, nTrain, dim);
        py.Write("xte.npy", xTest, nTest, dim);
        py.Write("ytr.npy", yTrain.Select(v => (long)v).ToArray());
        py.Run("""
import numpy as np
from sklearn.neighbors import KNeighborsClassifier, NearestCentroid
xtr, xte, ytr = np.load('xtr.npy'), np.load('xte.npy'), np.load('ytr.npy')
out = []
for k, w in ((1, 'uniform'), (5, 'uniform'), (4, 'uniform'), (7, 'distance'), (20, 'distance')):
    out.append(KNeighborsClassifier(n_neighbors=k, weights=w).fit(xtr, ytr).predict(xte))
out.append(NearestCentroid().fit(xtr, ytr).predict(xte))
np.save('out.npy', np.concatenate(out).astype(np.int64))
np.save('proba.npy', KNeighborsClassifier(n_neighbors=7, weights='distance').fit(xtr, ytr).predict_proba(xte))
""");
        var expected = py.ReadDoubles("out.npy").Select(v => (int)v).ToArray();
        var trainT = tensor(xTrain, [nTrain, dim]);
        var testT = tensor(xTest, [nTest, dim]);
        var ours = new List<int>();
        foreach (var (k, w) in new[] { (1, NeighborWeights.Uniform), (5, NeighborWeights.Uniform), (4, NeighborWeights.Uniform), (7, NeighborWeights.Distance), (20, NeighborWeights.Distance) })
            ours.AddRange(new KNeighborsClassifier(k, w).Fit(trainT, yTrain).Predict(testT));
        ours.AddRange(new NearestCentroidClassifier().Fit(trainT, yTrain).Predict(testT));
        Assert.Equal(expected, ours.ToArray());

        var proba = new KNeighborsClassifier(7, NeighborWeights.Distance).Fit(trainT, yTrain).PredictProba(testT);
        var expectedProba = py.ReadDoubles("proba.npy");
        for (int i = 0; i < nTest; i++)
            for (int c = 0; c < classes; c++) Assert.Equal(expectedProba[i * classes + c], proba[i, c], 9);
    }

}
