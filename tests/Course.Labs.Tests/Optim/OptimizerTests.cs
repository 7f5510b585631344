using Course.Labs.Optim;
using Course.Labs.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Optim;

/// <summary>
/// The library's optimizers against Debian's PyTorch 1.13 torch.optim: the same start values and the same gradient at
/// every step (the loss is sum(p * g_t), so p.grad is exactly g_t), then the parameters compared after each step.
/// </summary>
public class OptimizerTests
{
    private const int Steps = 6;
    private static readonly int[][] Shapes = [[3, 4], [5]];

    public static TheoryData<string, string> Configurations => new()
    {
        { "sgd lr=0.1", "torch.optim.SGD(ps, lr=0.1)" },
        { "sgd lr=0.1 momentum=0.9 dampening=0.1 wd=0.01", "torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)" },
        { "sgd lr=0.05 momentum=0.9 wd=0.01 nesterov", "torch.optim.SGD(ps, lr=0.05, momentum=0.9, weight_decay=0.01, nesterov=True)" },
        { "sgd lr=0.1 momentum=0.5 maximize", "torch.optim.SGD(ps, lr=0.1, momentum=0.5, maximize=True)" },
        { "adam lr=0.01", "torch.optim.Adam(ps, lr=0.01)" },
        { "adam lr=0.01 wd=0.1 amsgrad", "torch.optim.Adam(ps, lr=0.01, weight_decay=0.1, amsgrad=True)" },
        { "adam lr=0.02 maximize", "torch.optim.Adam(ps, lr=0.02, maximize=True)" },
        { "adamw lr=0.01 wd=0.1", "torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1)" },
        { "adamw lr=0.01 wd=0.5 amsgrad maximize", "torch.optim.AdamW(ps, lr=0.01, weight_decay=0.5, amsgrad=True, maximize=True)" },
    };

    private static TorchSharp.Modules.OptimizerHelper Create(string config, IEnumerable<TorchSharp.Modules.Parameter> ps)
    {
        var words = config.Split(' ');
        double Arg(string name, double fallback) =>
            words.FirstOrDefault(w => w.StartsWith(name + "=", StringComparison.Ordinal)) is string w ? double.Parse(w[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        bool Flag(string name) => words.Contains(name);
        return words[0] switch
        {
            "sgd" => new Sgd(ps, Arg("lr", 0), Arg("momentum", 0), Arg("dampening", 0), Arg("wd", 0), Flag("nesterov"), Flag("maximize")),
            "adam" => new Adam(ps, Arg("lr", 1e-3), weightDecay: Arg("wd", 0), amsgrad: Flag("amsgrad"), maximize: Flag("maximize")),
            _ => new AdamW(ps, Arg("lr", 1e-3), weightDecay: Arg("wd", 0.01), amsgrad: Flag("amsgrad"), maximize: Flag("maximize")),
        };
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_step_matches_torch_optim(string config, string pytorch)
    {
        var random = new Random(7);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        int[] sizes = Shapes.Select(s => s.Aggregate(1, (a, b) => a * b)).ToArray();
        var starts = sizes.Select(Values).ToArray();
        var gradients = Enumerable.Range(0, Steps).Select(_ => sizes.Select(Values).ToArray()).ToArray();

        using var oracle = new PythonOracle();
        for (int i = 0; i < Shapes.Length; i++)
        {
            oracle.Write($"p{i}.npy", starts[i], Shapes[i]);
            oracle.Write($"g{i}.npy", gradients.SelectMany(g => g[i]).ToArray(), [Steps, .. Shapes[i]]);
        }
        oracle.Run($$"""
            import numpy as np, torch
            torch.set_num_threads(1)
            ps = [torch.nn.Parameter(torch.from_numpy(np.load(f"p{i}.npy"))) for i in range({{Shapes.Length}})]
            gs = [torch.from_numpy(np.load(f"g{i}.npy")) for i in range({{Shapes.Length}})]
            opt = {{pytorch}}
            out = []
            for t in range({{Steps}}):
                opt.zero_grad()
                sum((p * g[t]).sum() for p, g in zip(ps, gs)).backward()
                opt.step()
                out.append(np.concatenate([p.detach().numpy().ravel() for p in ps]))
            np.save("expected.npy", np.stack(out).astype(np.float64))
            """);
        double[] expected = oracle.ReadDoubles("expected.npy");

        var parameters = starts.Select((s, i) => nn.Parameter(tensor(s).reshape(Shapes[i].Select(d => (long)d).ToArray()))).ToArray();
        using var optimizer = Create(config, parameters);
        int width = sizes.Sum();
        for (int t = 0; t < Steps; t++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            parameters.Select((p, i) => (p * tensor(gradients[t][i]).reshape(p.shape)).sum()).Aggregate((a, b) => a + b).backward();
            optimizer.step();
            float[] actual = parameters.SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
            for (int k = 0; k < width; k++)
                Assert.True(Math.Abs(actual[k] - expected[t * width + k]) <= 1e-6 + 1e-5 * Math.Abs(expected[t * width + k]),
                    $"{config}: step {t + 1}, value {k}: {actual[k]} vs PyTorch {expected[t * width + k]}");
        }
    }

    [Fact]
    public void State_saved_by_the_library_optimizer_loads_into_a_fresh_one_and_continues_identically()
    {
        TorchSharp.Modules.Parameter[] Fresh() => [nn.Parameter(arange(6, dtype: float32).reshape(2, 3) / 10)];
        Tensor Gradient(int t) => sin(arange(6, dtype: float32).reshape(2, 3) + t);
        void Step(TorchSharp.Modules.OptimizerHelper o, TorchSharp.Modules.Parameter[] ps, int t)
        {
            using var scope = NewDisposeScope();
            o.zero_grad();
            (ps[0] * Gradient(t)).sum().backward();
            o.step();
        }

        var a = Fresh();
        using var first = new Adam(a, 0.05, amsgrad: true);
        for (int t = 0; t < 3; t++) Step(first, a, t);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) first.save_state_dict(writer);

        var b = Fresh();
        using (no_grad()) b[0].copy_(a[0]);
        using var second = new Adam(b, 0.05, amsgrad: true);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) second.load_state_dict(reader);
        for (int t = 3; t < 6; t++) { Step(first, a, t); Step(second, b, t); }
        Assert.Equal(a[0].data<float>().ToArray(), b[0].data<float>().ToArray());
    }
}
