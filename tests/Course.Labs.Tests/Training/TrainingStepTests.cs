using Course.Labs.Data;
using Course.Labs.Data.MetricLearning;
using Course.Labs.Optim;
using Course.Labs.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

/// <summary>The trainer's step hook (d2l's training_step) and data module, for models the default step does not fit.</summary>
public sealed class TrainingStepTests
{
    private static TrainerOptions Sgd(double lr = 0.1) => new() { LearningRate = lr, Momentum = 0.9, Device = CPU };

    /// <summary>A model with two outputs, like the ReID net: class scores and an embedding.</summary>
    private sealed class TwoHeads : nn.Module<Tensor, (Tensor Logits, Tensor Embedding)>
    {
        private readonly TorchSharp.Modules.Linear body, head;
        public TwoHeads(int seed) : base(nameof(TwoHeads)) { manual_seed(seed); body = nn.Linear(8, 16); head = nn.Linear(16, 2); RegisterComponents(); }
        public override (Tensor Logits, Tensor Embedding) forward(Tensor x)
        {
            var embedding = body.call(x).relu();
            return (head.call(embedding), embedding);
        }
    }

    [Fact]
    public void A_step_trains_a_two_output_model_reports_accuracy_from_its_outputs_and_predicts_with_them()
    {
        var model = new TwoHeads(1);
        TrainingStep step = (x, y) =>
        {
            var (logits, embedding) = model.call(x);
            return new StepOutput(nn.functional.cross_entropy(logits, y) + 1e-3 * embedding.pow(2).mean(), logits);
        };
        var trainer = new Trainer(model, Sgd() with { Step = step });
        var history = trainer.Fit(new DataModule(SyntheticData.Source(512, 1), SyntheticData.Source(256, 2, shuffle: false)), epochs: 4);
        Assert.True(history.Last!.TrainAccuracy > 0.85, $"train accuracy {history.Last.TrainAccuracy}");
        Assert.True(history.Last.ValidationAccuracy > 0.85, $"validation accuracy {history.Last.ValidationAccuracy}");
        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss);
        var (x, y) = SyntheticData.Make(70, 4);
        var (outputs, targets) = trainer.Predict(BatchSource.FromTensors(x, y, 32, shuffle: false));
        Assert.Equal([70L, 2], outputs.shape);
        Assert.Equal(y.data<long>().ToArray(), targets.data<long>().ToArray());
    }

    [Fact]
    public void A_step_that_gives_only_a_loss_reports_no_accuracy_and_cannot_predict()
    {
        // siamese pairs: input [B, 2, 8], target 1 for a same-class pair; the net embeds both rows
        var (x, y) = SyntheticData.Make(256, 3);
        var pairs = stack([x, x.roll(1, 0)], 1);
        var similar = y.eq(y.roll(1, 0)).to(ScalarType.Float32);
        var net = SyntheticData.Model(2);
        TrainingStep contrastive = (p, s) =>
        {
            var d = (net.call(p.select(1, 0)) - net.call(p.select(1, 1))).pow(2).sum(1);
            return (s * d + (1 - s) * (1 - d.sqrt()).relu().pow(2)).mean();   // a Tensor converts to a StepOutput
        };
        var trainer = new Trainer(net, Sgd(0.05) with { Step = contrastive });
        var history = trainer.Fit(BatchSource.FromTensors(pairs, similar, 32, seed: 1), BatchSource.FromTensors(pairs, similar, 64, shuffle: false), epochs: 3);
        Assert.Null(history.Last!.TrainAccuracy);
        Assert.Null(history.Last.ValidationAccuracy);
        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss);
        Assert.Equal(256, trainer.Evaluate(BatchSource.FromTensors(pairs, similar, 64, shuffle: false)).Samples);
        var e = Assert.Throws<InvalidOperationException>(() => trainer.Predict(BatchSource.FromTensors(pairs, similar, 64, shuffle: false)));
        Assert.Contains("new StepOutput(loss, outputs)", e.Message);
    }

    [Fact]
    public void The_default_step_is_a_step_the_same_weights_either_way()
    {
        var (a, b) = (SyntheticData.Model(5), SyntheticData.Model(6));
        CopyWeights(a, b);   // the same start, whatever other tests draw from torch's generator meanwhile
        new Trainer(a, Sgd()).Fit(SyntheticData.Source(256, 1), epochs: 2);
        TrainingStep explicitStep = (x, y) => { var o = b.call(x); return new StepOutput(nn.functional.cross_entropy(o, y), o); };
        var history = new Trainer(b, Sgd() with { Step = explicitStep }).Fit(SyntheticData.Source(256, 1), epochs: 2);
        Assert.Equal(SyntheticData.Weights(a), SyntheticData.Weights(b));
        Assert.NotNull(history.Last!.TrainAccuracy);
    }

    /// <summary>
    /// What lab 9's hand-written epoch did (P x K batches, the library's Adam with L2 decay, TorchSharp's StepLR stepped
    /// per epoch), the trainer does with a step and a per-epoch schedule: the same weights, loss and accuracy.
    /// </summary>
    [Fact]
    public void A_P_x_K_sampler_with_Adam_and_a_step_schedule_gives_the_hand_written_loops_weights()
    {
        var (x, y) = SyntheticData.Make(96, 6);
        var labels = y.data<long>().Select((l, i) => (int)l * 3 + i % 3).ToArray();   // 6 identities
        var items = new LabelledItems(labels, i => x[i]);
        Tensor Loss(Tensor logits, Tensor embedding, Tensor target) => nn.functional.cross_entropy(logits, target) + 0.1 * embedding.pow(2).mean();
        const int epochs = 3;

        var (both, byHand) = (new WithIdentityHead(7), new WithIdentityHead(8));
        var (model, head, handModel, handHead) = (both.Net, both.Id, byHand.Net, byHand.Id);
        CopyWeights(both, byHand);   // the same start, whatever other tests draw from torch's generator meanwhile
        var start = SyntheticData.Weights(both);
        var handSampler = new PkSampler(items, p: 3, k: 4, seed: 2);
        var optimizer = new Adam(byHand.parameters(), lr: 0.01, weightDecay: 5e-4);
        var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 2, gamma: 0.1);
        var handLosses = new List<double>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            double sum = 0; int count = 0;
            foreach (var batch in handSampler.Batches(epoch))
            {
                using var scope = NewDisposeScope();
                var (bx, by) = handSampler.Collate(batch);
                optimizer.zero_grad();
                var (_, embedding) = handModel.call(bx);
                var logits = handHead.call(embedding[.., ..2]);
                var loss = Loss(logits, embedding, by);
                loss.backward();
                optimizer.step();
                sum += loss.item<float>(); count++;
            }
            handLosses.Add(sum / count);
            scheduler.step();
        }

        var sampler = new PkSampler(items, p: 3, k: 4, seed: 2);
        var batchCounts = new List<int?>();
        var trainer = Trainer.For(both, lr: 0.01, weightDecay: 5e-4, optimizer: OptimizerKind.Adam, schedule: LearningRateSchedule.Step(2, 0.1),
            step: (bx, by) => { var (_, embedding) = model.call(bx); var logits = head.call(embedding[.., ..2]); return new StepOutput(Loss(logits, embedding, by), logits); },
            progress: new StartCallback(batchCounts.Add));
        var history = trainer.Fit(sampler, epochs);

        Assert.NotEqual(start, SyntheticData.Weights(both));
        Assert.Equal(SyntheticData.Weights(byHand), SyntheticData.Weights(both));
        Assert.Equal(handLosses.Select(l => Math.Round(l, 5)), history.Epochs.Select(e => Math.Round(e.TrainLoss, 5)));
        Assert.Equal([0.01, 0.01, 0.001], history.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
        Assert.Equal(Enumerable.Range(0, epochs).Select(e => (int?)sampler.Batches(e).Count), batchCounts);   // each epoch's own count
    }

    [Fact]
    public void An_image_loader_is_a_batch_source_no_wrapper_needed()
    {
        var (x, y) = SyntheticData.Make(64, 9);
        var dataset = new InMemoryImageDataset(x.reshape(64, 1, 2, 4).data<float>().ToArray(), y.data<long>().Select(l => (int)l).ToArray(), 1, 2, 4, ["a", "b"]);
        var net = nn.Sequential(nn.Flatten(), SyntheticData.Model(3));
        var trainer = new Trainer(net, Sgd());
        var history = trainer.Fit(new ImageDataLoader(dataset, 16, shuffle: true, seed: 1), new ImageDataLoader(dataset, 32), epochs: 2);
        Assert.Equal(2, history.Epochs.Count);
        Assert.Equal(64, trainer.Evaluate(new ImageDataLoader(dataset, 32)).Samples);
        Assert.Equal([64L, 2], trainer.Predict(new ImageDataLoader(dataset, 32)).Outputs.shape);
    }

    [Fact]
    public void A_model_the_default_step_cannot_call_and_a_step_with_a_loss_are_refused_with_the_fix()
    {
        var twoHeads = new Trainer(new TwoHeads(1), Sgd());
        var e = Assert.Throws<InvalidOperationException>(() => twoHeads.Fit(SyntheticData.Source(32, 1), epochs: 1));
        Assert.Contains("TrainerOptions.Step", e.Message);
        var both = Assert.Throws<ArgumentException>(() => new Trainer(SyntheticData.Model(1), Sgd() with { Step = (x, y) => x.sum(), Loss = (o, t) => o.sum() }));
        Assert.Contains("not both", both.Message);
    }

    /// <summary>Copies the values of every parameter (no shared storage: each model trains its own).</summary>
    private static void CopyWeights(nn.Module from, nn.Module to)
    {
        using var _ = no_grad();
        foreach (var (source, target) in from.parameters().Zip(to.parameters())) target.copy_(source);
        Assert.NotEmpty(SyntheticData.Weights(to));
        Assert.Equal(SyntheticData.Weights(from), SyntheticData.Weights(to));
    }

    /// <summary>The two-output model and an identity head on the first two embedding values, as one module to optimise.</summary>
    private sealed class WithIdentityHead : nn.Module
    {
        public TwoHeads Net { get; }
        public TorchSharp.Modules.Linear Id { get; }
        private readonly TwoHeads net;
        private readonly TorchSharp.Modules.Linear id;
        public WithIdentityHead(int seed) : base(nameof(WithIdentityHead))
        {
            Net = net = new TwoHeads(seed);
            Id = id = nn.Linear(2, 6);
            RegisterComponents();
        }
    }

    private sealed class StartCallback(Action<int?> onEpochStart) : ITrainingProgress
    {
        public void OnEpochStart(int epoch, int totalEpochs, int? batchCount) => onEpochStart(batchCount);
        public void OnBatch(ProgressSnapshot snapshot) { }
        public void OnEpochEnd(EpochMetrics metrics) { }
        public void OnEnd(History history) { }
    }
}
