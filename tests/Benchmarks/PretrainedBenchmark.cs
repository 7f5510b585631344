using System.Diagnostics;
using Course.Labs.Weights;
using static TorchSharp.torch;

namespace Course.Benchmarks;

/// <summary>
/// pretrained: the one-time conversion of the course's ImageNet ResNet-18 (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18's
/// ONNX files to a TorchSharp state dict: both files' SHA-256, OnnxSharp's parse, the graph walk, the atomic write and the
/// manifest) into a fresh cache folder, then what every later use costs: reading the cache (its SHA-256 checked) and
/// building the model with it. Figures: medians over the rounds, the cache's size and the source files' sizes.
/// Options: --rounds R (default 5).
/// </summary>
public sealed class PretrainedBenchmark : IBenchmark
{
    public string Name => "pretrained";
    public string Description => "one-time ONNX-to-state-dict conversion of the ImageNet ResNet-18, cached load, cache size";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        int rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(5);
        var folder = Directory.CreateTempSubdirectory("pretrained-bench-").FullName;
        try
        {
            var source = new ResNet18ImageNetWeights(folder);
            long sourceBytes = new FileInfo(source.ModelPath).Length + new FileInfo(source.PreprocessPath).Length;
            Console.WriteLine($"pretrained: {rounds} rounds, {Environment.ProcessorCount} cores, sources {source.ModelPath} (+ preprocessing), {sourceBytes / 1e6:F1} MB");
            Dispose(new ResNet18ImageNetWeights(Path.Combine(folder, "warm-up")).Load(_ => { }));   // JIT and libtorch start-up outside the timings

            var conversion = new List<double>();
            var cachedRead = new List<double>();
            var model = new List<double>();
            long cacheBytes = 0;
            for (int round = 0; round < rounds; round++)
            {
                var weights = new ResNet18ImageNetWeights(Path.Combine(folder, $"round{round}"));
                conversion.Add(Seconds(() => Dispose(weights.Load(_ => { }))));
                cacheBytes = new FileInfo(weights.CacheFile).Length + new FileInfo(weights.ManifestFile).Length;
                cachedRead.Add(Seconds(() => Dispose(weights.Load(_ => { }))));
                model.Add(Seconds(() => Pretrained.ResNet18ImageNet(weights, numClasses: 10, log: _ => { }).Dispose()));
                Console.WriteLine($"round {round + 1}: conversion {conversion[^1]:F2} s, cached read {cachedRead[^1]:F3} s, model from cache {model[^1]:F3} s");
            }
            Console.WriteLine($"medians: conversion {Median(conversion):F2} s, cached read {Median(cachedRead):F3} s, model from cache {Median(model):F3} s; "
                + $"cache {cacheBytes / 1e6:F1} MB (state dict + manifest) from {sourceBytes / 1e6:F1} MB of ONNX");
            summary.Add("conversion_s", Median(conversion), 2);
            summary.Add("cached_read_s", Median(cachedRead));
            summary.Add("model_from_cache_s", Median(model));
            summary.Add("cache_mb", cacheBytes / 1e6, 1);
            summary.Add("source_mb", sourceBytes / 1e6, 1);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static void Dispose(Dictionary<string, Tensor> entries)
    {
        foreach (var t in entries.Values) t.Dispose();
    }
}
