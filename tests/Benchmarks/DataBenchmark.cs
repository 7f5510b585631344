using System.Diagnostics;
using System.Globalization;
using Course.Labs.Data;
using Course.Labs.Data.Transforms;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Benchmarks;

/// <summary>
/// data: does the ImageDataLoader keep a training step fed? Times epochs of a small conv-net trained on Fashion-MNIST,
/// fed by the ImageDataLoader (background prefetch) and by the same batches built beforehand in memory, interleaved
/// A/B/B/A. Figures: the loader's slowdown of an epoch in percent (goal: at most 5), prebuilt/loader epoch-time
/// ratio, the loader's extra CPU time (all threads; steadier than wall time on a busy machine), the slowdown with
/// augmentation (random crop + flip) for information, the CPU time of building an epoch's batches as a share of
/// training's (the slowdown if prefetching hid nothing), and the loader's bare throughput.
/// Each round times the sides back to back; the figures are medians of the per-round ratios, which cancels the
/// drift of a shared, noisy machine. Training uses all cores but one (at least one), leaving one to the loader.
/// Options: --images N (default 1920), --rounds R (default 11), --batch B (default 64), --threads T, and the loader's
/// --prefetch P (default 2) and --workers W (default 1).
/// </summary>
public sealed class DataBenchmark : IBenchmark
{
    public string Name => "data";
    public string Description => "ImageDataLoader-fed training epoch vs the same epoch on prebuilt in-memory batches";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        var images = Option(args, "--images", 1920);
        var rounds = Option(args, "--rounds", 11);
        var batchSize = Option(args, "--batch", 64);
        var prefetch = Option(args, "--prefetch", 2);
        var workers = Option(args, "--workers", 1);
        set_num_threads(Option(args, "--threads", Math.Max(1, Environment.ProcessorCount - 1)));
        var dataset = Datasets.FashionMnist(train: true).Subset(Enumerable.Range(0, images).ToArray());
        Console.WriteLine($"data: Fashion-MNIST {images} images, batch {batchSize}, prefetch {prefetch}, workers {workers}, {rounds} rounds, " +
                          $"torch threads {get_num_threads()}, {Environment.ProcessorCount} cores");

        var loader = new ImageDataLoader(dataset, batchSize, shuffle: true, seed: 1, prefetch: prefetch, workers: workers);
        var augmented = new ImageDataLoader(dataset, batchSize, shuffle: true, seed: 1, prefetch: prefetch, workers: workers,
            transform: new Compose(new RandomCrop(28, padding: 2), new RandomHorizontalFlip()));
        var prebuilt = loader.Epoch(0).Select(b => (b.Images.clone().DetachFromDisposeScope(), b.Labels.clone().DetachFromDisposeScope())).ToList();
        var bareRate = dataset.Count / Time(() => { foreach (var _ in loader.Epoch(0)) { } }).Wall;
        var augmentedRate = dataset.Count / Time(() => { foreach (var _ in augmented.Epoch(0)) { } }).Wall;
        Console.WriteLine($"  loader alone: {bareRate:F0} images/s, with augmentation {augmentedRate:F0} images/s");

        var trainer = new StepTrainer();
        string[] sides = ["loader", "prebuilt", "augmented"];
        var times = sides.ToDictionary(side => side, _ => new List<(double Wall, double Cpu)>());
        (double Wall, double Cpu) RunEpoch(string side, int epoch) => side switch
        {
            "loader" => Time(() => trainer.Epoch(loader.Epoch(epoch).Select(b => (b.Images, b.Labels)))),
            "augmented" => Time(() => trainer.Epoch(augmented.Epoch(epoch).Select(b => (b.Images, b.Labels)))),
            _ => Time(() => trainer.Epoch(prebuilt)),
        };
        foreach (var side in sides) RunEpoch(side, epoch: 0); // warm-up: first-call costs of libtorch and the JIT, on every path
        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? sides : sides.Reverse()) times[side].Add(RunEpoch(side, round + 1));
            Console.WriteLine($"  round {round + 1}: " + string.Join(", ", sides.Select(side => $"{side} {times[side][^1].Wall:F3} s (cpu {times[side][^1].Cpu:F3} s)")));
        }
        foreach (var (batchImages, batchLabels) in prebuilt) { batchImages.Dispose(); batchLabels.Dispose(); }

        // What the loader costs if nothing overlapped it: building an epoch's batches on this thread, in CPU time.
        var onCaller = new ImageDataLoader(dataset, batchSize, shuffle: true, seed: 1, prefetch: 0);
        var buildCpu = Median(Enumerable.Range(1, 5).Select(epoch => Time(() => { foreach (var _ in onCaller.Epoch(epoch)) { } }).Cpu).ToList());
        var prebuiltCpu = Median(times["prebuilt"].Select(t => t.Cpu).ToList());
        Console.WriteLine($"  building an epoch's batches: {buildCpu * 1000:F1} ms cpu, {100 * buildCpu / prebuiltCpu:F1}% of a training epoch's cpu");

        double RatioToPrebuilt(string side, Func<(double Wall, double Cpu), double> figure)
            => Median(times[side].Zip(times["prebuilt"], (a, b) => figure(a) / figure(b)).ToList());
        var loaderWall = RatioToPrebuilt("loader", t => t.Wall);
        var loaderCpu = RatioToPrebuilt("loader", t => t.Cpu);
        var augmentedWall = RatioToPrebuilt("augmented", t => t.Wall);
        var prebuiltMedian = Median(times["prebuilt"].Select(t => t.Wall).ToList());
        Console.WriteLine($"  median prebuilt epoch {prebuiltMedian:F3} s ({dataset.Count / prebuiltMedian:F0} images/s trained); median per-round ratios to prebuilt: " +
                          $"loader wall {loaderWall:F3}, loader cpu {loaderCpu:F3}, augmented wall {augmentedWall:F3}");
        summary.Add("loader_overhead_pct", (loaderWall - 1) * 100, 1);
        summary.Add("loader_cpu_overhead_pct", (loaderCpu - 1) * 100, 1);
        summary.Add("data_vs_prebuilt", 1 / loaderWall);
        summary.Add("augmented_overhead_pct", (augmentedWall - 1) * 100, 1);
        summary.Add("build_cpu_pct", 100 * buildCpu / prebuiltCpu, 1);
        summary.Add("loader_images_per_s", bareRate, 0);
        summary.Add("augmented_loader_images_per_s", augmentedRate, 0);
    }

    /// <summary>The training step the data feeds: a two-layer conv-net with SGD, one dispose scope per step.</summary>
    private sealed class StepTrainer
    {
        private readonly Module<Tensor, Tensor> model = Sequential(
            Conv2d(1, 16, 3, padding: 1), ReLU(), MaxPool2d(2),
            Conv2d(16, 32, 3, padding: 1), ReLU(), MaxPool2d(2),
            Flatten(), Linear(32 * 7 * 7, 10));
        private readonly optim.Optimizer optimizer;

        public StepTrainer()
        {
            manual_seed(0);
            optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        }

        public void Epoch(IEnumerable<(Tensor Images, Tensor Labels)> batches)
        {
            model.train();
            foreach (var (images, labels) in batches)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = functional.cross_entropy(model.call(images), labels);
                loss.backward();
                optimizer.step();
            }
        }
    }

    /// <summary>Wall-clock seconds and this process's CPU seconds (all threads) that <paramref name="action"/> took.</summary>
    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
