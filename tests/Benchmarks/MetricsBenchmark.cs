using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Course.Labs.Evaluation.Classification;
using Course.Labs.Manifold;
using Course.Labs.Evaluation.ReId;
using static TorchSharp.torch;

namespace Course.Benchmarks;

/// <summary>
/// Metrics against their Python references in one run, interleaved task by task: t-SNE (scikit-learn TSNE) on
/// 1,000 x 128 and 5,000 x 128, CMC/mAP on a Market-1501-sized 3,368 x 15,913 distance matrix (torchreid's
/// eval_market1501 in NumPy), KNN (scikit-learn KNeighborsClassifier, k = 5) on 10,000 x 128. Python's figures
/// are timed inside Python (imports and file reading excluded). Args: [--repeat N] [--tasks tsne1000,tsne5000,reid,knn].
/// </summary>
public sealed class MetricsBenchmark : IBenchmark
{
    private const string Python = "/usr/bin/python3";

    public string Name => "metrics";
    public string Description => "t-SNE, CMC/mAP, KNN vs scikit-learn and a NumPy eval_market1501, interleaved";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        int repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(1);
        var tasks = args.SkipWhile(a => a != "--tasks").Skip(1).FirstOrDefault("tsne1000,tsne5000,reid,knn").Split(',');
        var folder = Directory.CreateTempSubdirectory("metrics-bench-").FullName;
        try
        {
            Console.WriteLine($"cores {Environment.ProcessorCount}, repeat {repeat}, folder {folder}");
            WarmUp();
            if (tasks.Contains("tsne1000")) TsneTask(folder, 1000, repeat, summary, withTrust: true);
            if (tasks.Contains("tsne5000")) TsneTask(folder, 5000, repeat, summary, withTrust: false);
            if (tasks.Contains("reid")) ReIdTask(folder, repeat, summary);
            if (tasks.Contains("knn")) KnnTask(folder, repeat, summary);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs each of ours once on small inputs, so the timings are of JIT-compiled code (Python's side is timed after its imports).</summary>
    private static void WarmUp()
    {
        var (x, labels) = Clusters(300, 16, seed: 1);
        using var xt = tensor(x, [300, 16]);
        new Tsne { MaxIter = 300 }.FitTransform(xt);
        new Tsne { MaxIter = 300, Method = TsneMethod.BarnesHut }.FitTransform(xt);
        new KNeighborsClassifier(5).Fit(xt, labels).Predict(xt);
        var dist = new float[100 * 300];
        for (int i = 0; i < dist.Length; i++) dist[i] = i % 97 / 97f;
        Market1501Evaluation.Evaluate(dist, labels[..100], labels, new int[100], [.. Enumerable.Range(0, 300).Select(i => i % 6)]);
    }

    private static void TsneTask(string folder, int n, int repeat, BenchmarkSummary summary, bool withTrust)
    {
        var (x, _) = Clusters(n, 128, seed: n);
        string path = Write(folder, $"tsne{n}.f32", x);
        using var xt = tensor(x, [n, 128]);
        double ours = double.MaxValue, theirs = double.MaxValue, trustOurs = 0, trustTheirs = 0;
        for (int r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            var e = new Tsne().FitTransform(xt);
            ours = Math.Min(ours, watch.Elapsed.TotalSeconds);
            if (withTrust) trustOurs = Trustworthiness.Compute(xt, e, 5);
            var py = RunPython($$"""
x = np.fromfile('{{path}}', dtype=np.float32).reshape({{n}}, 128)
from sklearn.manifold import TSNE, trustworthiness
t0 = time.perf_counter()
e = TSNE(n_components=2, init='pca', learning_rate='auto', random_state=0).fit_transform(x)
t1 = time.perf_counter()
print('seconds', t1 - t0)
print('trust', trustworthiness(x, e, n_neighbors=5) if {{(withTrust ? "True" : "False")}} else 0)
""");
            theirs = Math.Min(theirs, py["seconds"]);
            trustTheirs = py["trust"];
            Console.WriteLine($"tsne {n}x128: ours {ours:F2} s, scikit-learn {theirs:F2} s" +
                (withTrust ? $"; trustworthiness(k=5) ours {trustOurs:F4}, scikit-learn {trustTheirs:F4}" : ""));
        }
        summary.Add($"tsne_{n}_s", ours, 2);
        summary.Add($"tsne_{n}_sklearn_s", theirs, 2);
        summary.Add($"tsne_{n}_vs_sklearn", theirs / ours, 2);
        if (withTrust)
        {
            summary.Add($"tsne_{n}_trust", trustOurs, 4);
            summary.Add($"tsne_{n}_trust_sklearn", trustTheirs, 4);
        }
    }

    private static void ReIdTask(string folder, int repeat, BenchmarkSummary summary)
    {
        const int numQ = 3368, numG = 15913, ids = 751;
        var rng = new Random(1501);
        var gp = Enumerable.Range(0, numG).Select(g => g < 2800 ? 0 : rng.Next(ids) + 1).ToArray();   // pid 0: distractors
        var gc = Enumerable.Range(0, numG).Select(_ => rng.Next(6)).ToArray();
        var qp = Enumerable.Range(0, numQ).Select(_ => rng.Next(ids) + 1).ToArray();
        var qc = Enumerable.Range(0, numQ).Select(_ => rng.Next(6)).ToArray();
        var dist = new float[(long)numQ * numG];
        Parallel.For(0, numQ, q =>
        {
            var r = new Random(q);
            for (int g = 0; g < numG; g++)
                dist[(long)q * numG + g] = (float)(r.NextDouble() + (gp[g] == qp[q] ? -0.5 * r.NextDouble() : 0));
        });
        string d = Write(folder, "dist.f32", dist);
        string ints = Write(folder, "ids.i64", [.. qp.Concat(gp).Concat(qc).Concat(gc).Select(v => (long)v)]);
        double ours = double.MaxValue, theirs = double.MaxValue;
        ReIdResult result = null!;
        for (int r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            result = Market1501Evaluation.Evaluate(dist, qp, gp, qc, gc);
            ours = Math.Min(ours, watch.Elapsed.TotalSeconds);
            var py = RunPython($$"""
distmat = np.fromfile('{{d}}', dtype=np.float32).reshape({{numQ}}, {{numG}})
ids = np.fromfile('{{ints}}', dtype=np.int64)
q_pids, g_pids = ids[:{{numQ}}], ids[{{numQ}}:{{numQ + numG}}]
q_camids, g_camids = ids[{{numQ + numG}}:{{2 * numQ + numG}}], ids[{{2 * numQ + numG}}:]
import sys
sys.path.insert(0, '{{ScriptFolder()}}')
from eval_market1501 import eval_market1501
t0 = time.perf_counter()
cmc, mAP, mINP = eval_market1501(distmat, q_pids, g_pids, q_camids, g_camids, 50, stable=False)
t1 = time.perf_counter()
print('seconds', t1 - t0)
print('map', mAP)
print('r1', cmc[0])
""");
            theirs = Math.Min(theirs, py["seconds"]);
            Console.WriteLine($"cmc/map {numQ}x{numG}: ours {ours:F3} s, numpy eval_market1501 {theirs:F2} s; " +
                $"mAP ours {result.MeanAP:F6} numpy {py["map"]:F6}, R1 ours {result.Rank(1):F6} numpy {py["r1"]:F6}");
        }
        summary.Add("cmc_map_s", ours, 3);
        summary.Add("cmc_map_numpy_s", theirs, 2);
        summary.Add("cmc_map_vs_numpy", theirs / ours, 1);
    }

    private static void KnnTask(string folder, int repeat, BenchmarkSummary summary)
    {
        const int n = 10_000;
        var (train, trainLabels) = Clusters(n, 128, seed: 10);
        var (test, testLabels) = Clusters(n, 128, seed: 10, offset: n);
        string trainPath = Write(folder, "knn_train.f32", train), testPath = Write(folder, "knn_test.f32", test);
        string labelPath = Write(folder, "knn_labels.i64", [.. trainLabels.Select(v => (long)v)]);
        using var trainT = tensor(train, [n, 128]);
        using var testT = tensor(test, [n, 128]);
        double ours = double.MaxValue, theirs = double.MaxValue;
        int[] predicted = [];
        for (int r = 0; r < repeat; r++)
        {
            var watch = Stopwatch.StartNew();
            predicted = new KNeighborsClassifier(5).Fit(trainT, trainLabels).Predict(testT);
            ours = Math.Min(ours, watch.Elapsed.TotalSeconds);
            string predPath = Path.Combine(folder, "knn_pred.i64");
            var py = RunPython($$"""
xtr = np.fromfile('{{trainPath}}', dtype=np.float32).reshape({{n}}, 128)
xte = np.fromfile('{{testPath}}', dtype=np.float32).reshape({{n}}, 128)
ytr = np.fromfile('{{labelPath}}', dtype=np.int64)
from sklearn.neighbors import KNeighborsClassifier
t0 = time.perf_counter()
pred = KNeighborsClassifier(n_neighbors=5).fit(xtr, ytr).predict(xte)
t1 = time.perf_counter()
pred.astype(np.int64).tofile('{{predPath}}')
print('seconds', t1 - t0)
""");
            theirs = Math.Min(theirs, py["seconds"]);
            var reference = MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(predPath));
            int agree = 0;
            for (int i = 0; i < n; i++) if (reference[i] == predicted[i]) agree++;
            double accuracy = predicted.Where((p, i) => p == testLabels[i]).Count() / (double)n;
            Console.WriteLine($"knn 10000x128 (k=5): ours {ours:F3} s, scikit-learn {theirs:F3} s; predictions identical {agree}/{n}, accuracy {accuracy:P1}");
            summary.Add("knn_identical", agree == n ? "yes" : $"{agree}/{n}");
        }
        summary.Add("knn_s", ours, 3);
        summary.Add("knn_sklearn_s", theirs, 3);
        summary.Add("knn_vs_sklearn", theirs / ours, 2);
    }

    /// <summary>n points of dimension dim in 10 Gaussian clusters (float32), from a fixed seed.</summary>
    private static (float[] X, int[] Labels) Clusters(int n, int dim, int seed, int offset = 0)
    {
        var centerRng = new Random(seed);
        var centers = Enumerable.Range(0, 10 * dim).Select(_ => 0.6 * Gaussian(centerRng)).ToArray();
        var rng = new Random(seed + 1 + offset);
        var labels = Enumerable.Range(0, n).Select(_ => rng.Next(10)).ToArray();
        var x = new float[(long)n * dim];
        for (int i = 0; i < n; i++)
            for (int d = 0; d < dim; d++) x[(long)i * dim + d] = (float)(centers[labels[i] * dim + d] + Gaussian(rng));
        return (x, labels);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static string Write<T>(string folder, string name, T[] values) where T : unmanaged
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        return path;
    }

    /// <summary>The folder of the NumPy eval_market1501 the tests use too; the benchmark runs from the repository root.</summary>
    private static string ScriptFolder()
    {
        string folder = Path.GetFullPath(Path.Combine("tests", "Course.Labs.Tests", "Metrics", "Python"));
        return File.Exists(Path.Combine(folder, "eval_market1501.py")) ? folder
            : throw new DirectoryNotFoundException($"{folder}/eval_market1501.py not found: run the benchmark from the repository root.");
    }

    /// <summary>Runs a script (numpy and time imported) and reads its "name value" lines.</summary>
    private static Dictionary<string, double> RunPython(string body)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {Python}.");
        p.StandardInput.Write("import time\nimport numpy as np\n" + body);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{Python} failed (exit {p.ExitCode}); is python3-sklearn installed?");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && double.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
