using System.Diagnostics;
using Course.Labs.Models;
using Course.Labs.Weights;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>
/// The library's models against PyTorch itself (Debian's python3-torch and python3-torchvision, listed in
/// environment/test-packages.txt): parameter counts for constructions beyond the figures quoted in the issue,
/// including the seeds' DenseNet and ResNeXt as their Python source defines them; and for every model with a
/// torchvision counterpart, torchvision's randomly initialised weights exported in TorchSharp's format
/// (lib/Course.Labs/Weights/export_torchvision.py) loaded by name and compared output for output.
/// </summary>
public sealed class TorchvisionOracleTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
import math, torch, torch.nn as nn, torchvision.models as tv
def count(m): return sum(p.numel() for p in m.parameters())
class Block(nn.Module):
    expansion = 2
    def __init__(self, in_planes, cardinality, bottleneck_width, stride):
        super().__init__()
        gw = cardinality * bottleneck_width
        self.conv1 = nn.Conv2d(in_planes, gw, 1, bias=False); self.bn1 = nn.BatchNorm2d(gw)
        self.conv2 = nn.Conv2d(gw, gw, 3, stride=stride, padding=1, groups=cardinality, bias=False); self.bn2 = nn.BatchNorm2d(gw)
        self.conv3 = nn.Conv2d(gw, 2 * gw, 1, bias=False); self.bn3 = nn.BatchNorm2d(2 * gw)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != 2 * gw:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, 2 * gw, 1, stride=stride, bias=False), nn.BatchNorm2d(2 * gw))
def resnext(num_blocks, cardinality, width):
    m = nn.Module(); m.conv1 = nn.Conv2d(3, 64, 1, bias=False); m.bn1 = nn.BatchNorm2d(64); layers = []; planes = 64
    for i, n in enumerate(num_blocks):
        for s in [1 if i == 0 else 2] + [1] * (n - 1):
            layers.append(Block(planes, cardinality, width, s)); planes = 2 * cardinality * width
        width *= 2
    m.layers = nn.Sequential(*layers); m.linear = nn.Linear(planes, 10); return m
def densenet(nblocks, g=12, reduction=0.5):
    m = nn.Module(); planes = 2 * g; m.conv1 = nn.Conv2d(3, planes, 3, padding=1, bias=False); layers = []
    for i, n in enumerate(nblocks):
        for _ in range(n):
            layers += [nn.BatchNorm2d(planes), nn.Conv2d(planes, 4 * g, 1, bias=False), nn.BatchNorm2d(4 * g), nn.Conv2d(4 * g, g, 3, padding=1, bias=False)]; planes += g
        if i < 3:
            out = int(math.floor(planes * reduction)); layers += [nn.BatchNorm2d(planes), nn.Conv2d(planes, out, 1, bias=False)]; planes = out
    m.layers = nn.Sequential(*layers); m.bn = nn.BatchNorm2d(planes); m.linear = nn.Linear(planes, 10); return m
print('resnet34', count(tv.resnet34()))
print('resnet50_10', count(tv.resnet50(num_classes=10)))
print('resnext50_32x4d', count(tv.resnext50_32x4d()))
from torchvision.models.vgg import make_layers, cfgs
print('vgg13_small', count(make_layers(cfgs['B'], batch_norm=True)) + count(nn.Sequential(nn.Linear(512, 512), nn.Linear(512, 512), nn.Linear(512, 10))))
print('densenet_seed', count(densenet([2, 5, 4, 6])))
print('densenet52', count(densenet([2, 2, 4, 16])))
print('resnext32_16x8d', count(resnext([3, 3, 3], 16, 8)))
""";

    [Fact]
    public void Parameter_counts_equal_pytorch_for_the_same_constructions()
    {
        var expected = RunPython();
        if (expected is null) return;
        var ours = new Dictionary<string, Func<long>>
        {
            ["resnet34"] = () => ResNet.ResNet34().ParameterCount(),
            ["resnet50_10"] = () => ResNet.ResNet50(numClasses: 10).ParameterCount(),
            ["resnext50_32x4d"] = () => new ResNet(ResNetBlockKind.Bottleneck, [3, 4, 6, 3], groups: 32, widthPerGroup: 4).ParameterCount(),
            ["vgg13_small"] = () => Vgg.Vgg13(batchNorm: true, numClasses: 10, smallInput: true).ParameterCount(),
            ["densenet_seed"] = () => DenseNet.Seed().ParameterCount(),
            ["densenet52"] = () => DenseNet.DenseNet52().ParameterCount(),
            ["resnext32_16x8d"] = () => ResNeXt.ResNeXt32x16x8d().ParameterCount(),
        };
        Assert.Equal(ours.Keys.Order(), expected.Keys.Order());
        foreach (var (name, count) in ours) Assert.True(expected[name] == count(), $"{name}: PyTorch {expected[name]:N0}, ours {count():N0}");
    }

    /// <summary>The torchvision models whose exported weights are compared output for output, in the order Python writes them.</summary>
    public static readonly string[] Exported =
    [
        "squeezenet1_0", "squeezenet1_1", "resnet18", "densenet121", "resnet34", "resnet50", "resnext50_32x4d", "densenet161",
        "alexnet", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
    ];

    /// <summary>
    /// One Python process exports every model of <see cref="Exported"/> (random weights, random BatchNorm statistics,
    /// an input [2, 3, 64, 64] and torchvision's eval-mode output) while this test loads each file as soon as it is
    /// written, runs the library's model on the same input, and deletes it; Python builds the next model meanwhile and
    /// writes it when told (--pace), so one model's files exist at a time (the VGG files are about 550 MB each), in
    /// memory (/dev/shm) where there is room.
    /// </summary>
    [Fact]
    public void Torchvision_state_dicts_load_by_name_and_give_torchvisions_outputs()
    {
        var folder = ScratchFolder();
        var failures = new List<string>();
        var (python, stderr) = TorchvisionExport.Start([.. Exported, "--random", "0", "--example", "2,64,64", "--pace", "--out", folder]);
        try
        {
            foreach (var arch in Exported)
            {
                string? line = python.StandardOutput.ReadLine();
                if (line is null) { python.WaitForExit(); Assert.Fail($"export_torchvision.py stopped before {arch} (exit {python.ExitCode}):\n{stderr}"); }
                Assert.StartsWith(arch + " ", line);
                string weights = Path.Combine(folder, arch + ".dat"), example = Path.Combine(folder, arch + ".example.dat");
                try { CompareWithTorchvision(arch, weights, example, failures); }
                finally { File.Delete(weights); File.Delete(example); }
                if (arch != Exported[^1]) python.StandardInput.WriteLine();   // --pace: write the next one
            }
            Assert.True(python.WaitForExit(60_000), "export_torchvision.py did not finish");
            Assert.True(python.ExitCode == 0, $"export_torchvision.py failed:\n{stderr}");
        }
        finally
        {
            TorchvisionExport.Stop(python);
            Directory.Delete(folder, recursive: true);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A fresh folder in /dev/shm when it has 2 GB free (no disk traffic for the VGG files), else in the temp folder.</summary>
    private static string ScratchFolder()
    {
        const string memory = "/dev/shm";
        bool roomy = Directory.Exists(memory) && new DriveInfo(memory).AvailableFreeSpace > (2L << 30);
        return roomy ? Directory.CreateDirectory(Path.Combine(memory, "torchvision-oracle-" + Guid.NewGuid().ToString("N"))).FullName
                     : Directory.CreateTempSubdirectory("torchvision-oracle-").FullName;
    }

    private void CompareWithTorchvision(string arch, string weightsPath, string examplePath, List<string> failures)
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        var watch = Stopwatch.StartNew();
        using var model = TorchvisionModels.Create(arch);
        var weights = StateDictFile.Read(weightsPath);
        var example = StateDictFile.Read(examplePath);
        try
        {
            StateDictFile.Load(model, weights, weightsPath);   // throws on any missing, extra or misshapen entry
            model.eval();
            using var noGrad = no_grad();
            using var ours = model.call(example["input"]);
            var expected = example["output"];
            if (!ours.shape.SequenceEqual(expected.shape)) { failures.Add($"{arch}: output [{string.Join(", ", ours.shape)}], torchvision [{string.Join(", ", expected.shape)}]"); return; }
            double scale = expected.abs().max().item<float>(), difference = (ours - expected).abs().max().item<float>();
            output.WriteLine($"{arch}: {weights.Count} entries, largest |difference| {difference:G3} of largest |output| {scale:G4} ({watch.ElapsedMilliseconds} ms)");
            if (!(scale > 0) || difference > 1e-4 * scale) failures.Add($"{arch}: largest |difference| {difference:G4} with largest |output| {scale:G4}");
        }
        finally
        {
            foreach (var t in weights.Values.Concat(example.Values)) t.Dispose();
        }
    }

    /// <summary>The torchvision models not exported above: every state dict entry's name, element type and shape equal torchvision's.</summary>
    [Fact]
    public void Layouts_of_the_other_torchvision_models_equal_torchvisions()
    {
        var others = TorchvisionModels.Names.Except(Exported).ToArray();
        Assert.NotEmpty(others);
        var (python, stderr) = TorchvisionExport.Start([.. others, "--list"]);
        try
        {
            foreach (var arch in others)
            {
                var header = python.StandardOutput.ReadLine()?.Split(' ');
                Assert.True(header is [var name, _] && name == arch,
                    $"export_torchvision.py --list gave '{string.Join(' ', header ?? [])}' for {arch}:\n{(header is null ? stderr.ToString() : "")}");
                var expected = Enumerable.Range(0, int.Parse(header![1])).Select(_ => python.StandardOutput.ReadLine()!.TrimEnd()).ToList();
                using var model = TorchvisionModels.Create(arch);
                var ours = model.state_dict().Select(e => $"{e.Key} {PythonDtype(e.Value.dtype)} {string.Join(",", e.Value.shape)}".TrimEnd()).ToList();
                Assert.Equal(expected.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
            }
            Assert.True(python.WaitForExit(60_000) && python.ExitCode == 0, $"export_torchvision.py --list failed:\n{stderr}");
        }
        finally
        {
            TorchvisionExport.Stop(python);
        }
    }

    private static string PythonDtype(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Int64 => "int64",
        _ => dtype.ToString(),
    };

    private static Dictionary<string, long>? RunPython()
    {
        if (!File.Exists(Python)) { Console.WriteLine($"{Python} not found: install the Debian packages in environment/test-packages.txt"); return null; }
        var start = new ProcessStartInfo(Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-");
        using var process = Process.Start(start)!;
        process.StandardInput.Write(Script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && stderr.Contains("ModuleNotFoundError"))
        {
            Console.WriteLine($"PyTorch/torchvision not importable ({stderr.Trim().Split('\n')[^1]}): install environment/test-packages.txt");
            return null;
        }
        Assert.True(process.ExitCode == 0, $"The PyTorch oracle failed:\n{stderr}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1]));
    }
}
