using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Course.Labs.Data;
using Course.Labs.Models;
using Course.Labs.Runtime;
using Course.Labs.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Benchmarks;

/// <summary>
/// The library's Trainer against Debian's PyTorch 1.13 on the same work, batch 64, 2 threads, glibc malloc tuned on
/// both sides (ours by the library itself, Python's through MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_):
/// MLP 784-256-10 training, CIFAR-style ResNet-18 training (3x32x32), the seed DenseNet training and ResNet-18
/// inference. Every measurement is a fresh child process (so peak RSS is per task), A/B interleaved round by round;
/// it reports the ratio of the best rates and the median of the rounds' paired ratios (steadier on a shared machine).
/// Both loops read the loss and the batch accuracy every step. PyTorch's BLAS is printed: Debian's defaults to the
/// slow reference BLAS; environment/install-test-tools.sh installs OpenBLAS (libopenblas0-pthread). Args: [--rounds N] [--tasks mlp,resnet18,densenet,infer].
/// </summary>
public sealed class TrainerBenchmark : IBenchmark
{
    private const string Python = "/usr/bin/python3";
    private const int BatchSize = 64;
    private const int Threads = 2;

    private sealed record Task(string Name, string Label, int Warmup, int Steps);

    private static readonly Task[] Tasks =
    [
        new("mlp", "MLP 784-256-10 training", 20, 400),
        new("resnet18", "ResNet-18 (CIFAR stem, 3x32x32) training", 3, 12),
        new("densenet", "seed DenseNet [2,5,4,6] (3x32x32) training", 3, 25),
        new("infer", "ResNet-18 (CIFAR stem, 3x32x32) inference", 3, 20),
    ];

    public string Name => "trainer";
    public string Description => "Trainer vs PyTorch 1.13: MLP, ResNet-18, DenseNet training, ResNet-18 inference (img/s, peak RSS)";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        if (args.Length >= 2 && args[0] == "--worker") { Worker(Tasks.Single(t => t.Name == args[1])); return; }
        int rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(2);
        var chosen = args.SkipWhile(a => a != "--tasks").Skip(1).FirstOrDefault(string.Join(',', Tasks.Select(t => t.Name))).Split(',');
        string script = Path.Combine(Directory.CreateTempSubdirectory("trainer-bench-").FullName, "reference.py");
        File.WriteAllText(script, PythonReference);
        Console.WriteLine($"cores {Environment.ProcessorCount}, threads {Threads}, batch {BatchSize}, rounds {rounds}; PyTorch: {Python} ({PythonVersion()})");

        var best = new Dictionary<(string Task, string Side), (double Rate, double RssMb)>();
        var rates = new Dictionary<(string Task, string Side), List<double>>();   // per round, for the paired ratios
        for (int round = 0; round < rounds; round++)
            foreach (var task in Tasks.Where(t => chosen.Contains(t.Name)))
            {
                // Alternate which side goes first, so drift on a shared machine does not favour one side.
                var sides = round % 2 == 0 ? new[] { "ours", "pytorch" } : ["pytorch", "ours"];
                foreach (var side in sides)
                {
                    var (rate, rss) = side == "ours" ? RunOurs(task) : RunPython(script, task);
                    Console.WriteLine($"round {round + 1} {task.Label,-46} {side,-8} {rate,9:F1} img/s  peak RSS {rss,6:F0} MB");
                    var key = (task.Name, side);
                    best[key] = best.TryGetValue(key, out var b) ? (Math.Max(b.Rate, rate), Math.Min(b.RssMb, rss)) : (rate, rss);
                    if (!rates.TryGetValue(key, out var list)) rates[key] = list = [];
                    list.Add(rate);
                }
            }

        foreach (var task in Tasks.Where(t => chosen.Contains(t.Name)))
        {
            var (ours, theirs) = (best[(task.Name, "ours")], best[(task.Name, "pytorch")]);
            string prefix = task.Name == "infer" ? "resnet18_infer" : task.Name + "_train";
            if (ours.Rate == 0)
            {
                Console.WriteLine($"{task.Label}: ours failed in every round (non-finite loss), PyTorch {theirs.Rate:F1} img/s");
                summary.Add($"{prefix}_vs_pytorch", "failed");
                continue;
            }
            double raw = RawRates[task.Name].Max();
            // The two sides of one round ran back to back, so their ratio is the least disturbed by a drifting machine.
            var paired = rates[(task.Name, "ours")].Zip(rates[(task.Name, "pytorch")], (a, b) => a / b).Order().ToList();
            double median = paired.Count % 2 == 1 ? paired[paired.Count / 2] : (paired[paired.Count / 2 - 1] + paired[paired.Count / 2]) / 2;
            Console.WriteLine($"{task.Label}: ours {ours.Rate:F1} img/s (bare TorchSharp loop {raw:F1}), PyTorch {theirs.Rate:F1} img/s, ratio of the bests {ours.Rate / theirs.Rate:F2}, median of the rounds' ratios {median:F2} ({string.Join(", ", paired.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}); peak RSS {ours.RssMb:F0} vs {theirs.RssMb:F0} MB");
            summary.Add($"{prefix}_vs_pytorch_median_of_rounds", median, 2);
            summary.Add($"{prefix}_trainer_vs_bare_torchsharp", ours.Rate / raw, 2);
            summary.Add($"{prefix}_img_s", ours.Rate, 1);
            summary.Add($"{prefix}_pytorch_img_s", theirs.Rate, 1);
            summary.Add($"{prefix}_vs_pytorch", ours.Rate / theirs.Rate, 2);
            summary.Add($"{prefix}_rss_vs_pytorch", ours.RssMb / theirs.RssMb, 2);
        }
    }

    private static (double Rate, double RssMb) RunOurs(Task task)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(TrainerBenchmark).Assembly.Location);
        foreach (var a in new[] { "trainer", "--worker", task.Name }) start.ArgumentList.Add(a);
        start.Environment["LABS_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        Course.Notebooks.Execution.NotebookProcessEnvironment.ApplyTo(start.Environment);   // what a notebook process gets
        return Measure(start, task);
    }

    private static (double Rate, double RssMb) RunPython(string script, Task task)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true };
        foreach (var a in new[] { script, task.Name, task.Warmup.ToString(CultureInfo.InvariantCulture), task.Steps.ToString(CultureInfo.InvariantCulture), Threads.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        start.Environment["MALLOC_MMAP_THRESHOLD_"] = LabsRuntime.MmapThresholdBytes.ToString(CultureInfo.InvariantCulture);
        start.Environment["MALLOC_TRIM_THRESHOLD_"] = LabsRuntime.TrimThresholdBytes.ToString(CultureInfo.InvariantCulture);
        start.Environment["OPENBLAS_NUM_THREADS"] = Threads.ToString(CultureInfo.InvariantCulture);
        return Measure(start, task);
    }

    private static readonly Dictionary<string, List<double>> RawRates = [];
    private static readonly HashSet<string> Blas = [];

    private static (double Rate, double RssMb) Measure(ProcessStartInfo start, Task task)
    {
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} failed for {task.Name} (exit {process.ExitCode}):\n{output}");
        using var json = JsonDocument.Parse(line);
        if (json.RootElement.TryGetProperty("error", out var error)) Console.WriteLine($"{task.Name}: {error.GetString()}");
        if (json.RootElement.TryGetProperty("blas", out var blas) && Blas.Add(blas.GetString()!)) Console.WriteLine($"PyTorch's BLAS: {blas.GetString()}");
        if (json.RootElement.TryGetProperty("raw_img_s", out var raw))
        {
            if (!RawRates.TryGetValue(task.Name, out var list)) RawRates[task.Name] = list = [];
            list.Add(raw.GetDouble());
        }
        return (json.RootElement.GetProperty("img_s").GetDouble(), json.RootElement.GetProperty("rss_mb").GetDouble());
    }

    /// <summary>One measurement in this (child) process: prints {"img_s": ..., "rss_mb": ...}.</summary>
    private static void Worker(Task task)
    {
        var device = LabsRuntime.Device;   // tunes malloc, sets LABS_THREADS threads
        manual_seed(0);
        bool image = task.Name != "mlp";
        var input = image ? randn(BatchSize, 3, 32, 32) : rand(BatchSize, 1, 28, 28);
        var target = randint(0, 10, [BatchSize]);
        nn.Module<Tensor, Tensor> model = task.Name switch
        {
            "mlp" => new Mlp(784, 256, 10),
            "densenet" => DenseNet.Seed(),
            _ => ResNet.ResNet18(numClasses: 10, stem: ResNetStem.Cifar),
        };
        var trainer = new Trainer(model, new TrainerOptions { LearningRate = 0.01, Momentum = 0.9, Device = device });
        IBatchSource Batches(int count) => BatchSource.From(Enumerable.Repeat((input, target), count), count);
        double rate;
        if (task.Name == "infer")
        {
            trainer.Evaluate(Batches(task.Warmup));
            var clock = Stopwatch.StartNew();
            trainer.Evaluate(Batches(task.Steps));
            rate = task.Steps * BatchSize / clock.Elapsed.TotalSeconds;
        }
        else
        {
            var source = BatchSource.From(epoch => Enumerable.Repeat((input, target), epoch == 0 ? task.Warmup : task.Steps));
            try
            {
                rate = trainer.Fit(source, epochs: 2).Epochs[1].SamplesPerSecond;
            }
            catch (NonFiniteLossException e)
            {
                // libtorch 2.10 CPU here: the input gradient of some convolutions is occasionally wrong (NaN), see README.
                Console.WriteLine(JsonSerializer.Serialize(new { img_s = 0.0, rss_mb = PeakRssMb(), raw_img_s = 0.0, error = e.Message }));
                return;
            }
        }
        double rss = PeakRssMb();
        double raw = RawLoop(task, model, input, target);
        Console.WriteLine(JsonSerializer.Serialize(new { img_s = rate, rss_mb = rss, raw_img_s = raw, threads = get_num_threads() }));
    }

    /// <summary>The same steps as a bare TorchSharp loop (no trainer), to show what the trainer itself costs.</summary>
    private static double RawLoop(Task task, nn.Module<Tensor, Tensor> model, Tensor input, Tensor target)
    {
        var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        bool training = task.Name != "infer";
        model.train(training);
        double Steps(int count)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                using var noGrad = training ? null : no_grad();
                if (training) optimizer.zero_grad();
                var output = model.call(input);
                var loss = nn.functional.cross_entropy(output, target);
                loss.item<float>();
                if (training) { loss.backward(); optimizer.step(); }
                output.argmax(1).eq(target).sum().item<long>();
            }
            return count * BatchSize / clock.Elapsed.TotalSeconds;
        }
        Steps(task.Warmup);
        return Steps(task.Steps);
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string PythonVersion()
    {
        var start = new ProcessStartInfo(Python, ["-c", "import torch; print(torch.__version__, torch.__config__.parallel_info().splitlines()[0] if False else '')"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(start)!;
        string v = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? "torch " + v : "torch not importable: install python3-torch python3-torchvision";
    }

    /// <summary>The same four tasks in PyTorch, the way a PyTorch user writes the loop.</summary>
    private const string PythonReference = """
import json, resource, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
import torchvision

task, warmup, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(0)
B = 64

class Bottleneck(nn.Module):
    def __init__(self, in_planes, growth_rate):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, 4 * growth_rate, kernel_size=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4 * growth_rate)
        self.conv2 = nn.Conv2d(4 * growth_rate, growth_rate, kernel_size=3, padding=1, bias=False)
    def forward(self, x):
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        return torch.cat([out, x], 1)

class Transition(nn.Module):
    def __init__(self, in_planes, out_planes):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_planes)
        self.conv = nn.Conv2d(in_planes, out_planes, kernel_size=1, bias=False)
    def forward(self, x):
        return F.avg_pool2d(self.conv(F.relu(self.bn(x))), 2)

class DenseNet(nn.Module):
    def __init__(self, nblocks, growth_rate=12, reduction=0.5, num_classes=10):
        super().__init__()
        self.growth_rate = growth_rate
        planes = 2 * growth_rate
        self.conv1 = nn.Conv2d(3, planes, kernel_size=3, padding=1, bias=False)
        layers = []
        for i, n in enumerate(nblocks):
            block = []
            for _ in range(n):
                block.append(Bottleneck(planes, growth_rate)); planes += growth_rate
            layers.append(nn.Sequential(*block))
            if i < 3:
                out = int(planes * reduction); layers.append(Transition(planes, out)); planes = out
        self.features = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(planes)
        self.linear = nn.Linear(planes, num_classes)
    def forward(self, x):
        out = self.features(self.conv1(x))
        out = F.adaptive_avg_pool2d(F.relu(self.bn(out)), 1).flatten(1)
        return self.linear(out)

def resnet18_cifar():
    m = torchvision.models.resnet18(num_classes=10)
    m.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    m.maxpool = nn.Identity()
    return m

if task == 'mlp':
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    x = torch.rand(B, 1, 28, 28)
elif task == 'densenet':
    model = DenseNet([2, 5, 4, 6]); x = torch.randn(B, 3, 32, 32)
else:
    model = resnet18_cifar(); x = torch.randn(B, 3, 32, 32)
y = torch.randint(0, 10, (B,))
loss_fn = nn.CrossEntropyLoss()

def train(n):
    model.train()
    for _ in range(n):
        opt.zero_grad()
        out = model(x)
        loss = loss_fn(out, y)
        loss.item()
        loss.backward()
        opt.step()
        (out.argmax(1) == y).sum().item()

def infer(n):
    model.eval()
    with torch.no_grad():
        for _ in range(n):
            out = model(x)
            loss_fn(out, y).item()
            (out.argmax(1) == y).sum().item()

if task == 'infer':
    infer(warmup); t0 = time.perf_counter(); infer(steps)
else:
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    train(warmup); t0 = time.perf_counter(); train(steps)
seconds = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
maps = open('/proc/self/maps').read()
blas = 'OpenBLAS' if 'openblas' in maps else ('reference BLAS (install libopenblas0-pthread)' if 'libblas' in maps else 'unknown')
print(json.dumps({'img_s': steps * B / seconds, 'rss_mb': rss, 'threads': torch.get_num_threads(), 'blas': blas}))
""";
}
