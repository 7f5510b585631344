using Course.Labs.Data;
using Course.Labs.Optim;
using Course.Labs.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

public sealed class TrainerTests
{
    private static TrainerOptions Sgd(double lr = 0.1) => new() { LearningRate = lr, Momentum = 0.9, Device = CPU };

    [Fact]
    public void Fit_learns_a_separable_problem_and_records_each_epoch()
    {
        var trainer = new Trainer(SyntheticData.Model(1), Sgd());
        var history = trainer.Fit(SyntheticData.Source(512, 1), SyntheticData.Source(256, 2, shuffle: false), epochs: 4);
        Assert.Equal([0, 1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(StopReason.Completed, history.StopReason);
        Assert.True(history.Last!.ValidationAccuracy > 0.9, $"validation accuracy {history.Last.ValidationAccuracy}");
        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss);
        Assert.True(history.Last.SamplesPerSecond > 0);
        Assert.Contains("4 epochs, completed", history.ToString());
    }

    [Fact]
    public void Training_batches_run_in_train_mode_and_validation_in_eval_mode_without_gradients()
    {
        var probe = new ModeProbe();
        var trainer = new Trainer(probe, Sgd());
        trainer.Fit(SyntheticData.Source(64, 1), SyntheticData.Source(64, 2), epochs: 2);
        Assert.Equal(4, probe.Calls.Count(c => c.Training && c.Grad));
        Assert.Equal(4, probe.Calls.Count(c => !c.Training && !c.Grad));
        Assert.Equal(8, probe.Calls.Count);
        Assert.True(probe.training);   // left in train mode after validation
    }

    [Fact]
    public void Live_tensors_stay_flat_across_epochs()
    {
        var counts = new List<long>();
        var trainer = new Trainer(SyntheticData.Model(1), Sgd() with { Progress = [new EpochEndCallback(_ => counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount))] });
        trainer.Fit(SyntheticData.Source(320, 1), SyntheticData.Source(64, 2), epochs: 6);
        // Epoch 1 creates the momentum buffers; after that, ten steps per epoch must leave no tensor behind.
        Assert.Equal(counts[1], counts[^1]);
    }

    [Fact]
    public void Nan_loss_stops_with_epoch_and_batch_named()
    {
        int calls = 0;
        var options = Sgd() with { Loss = (output, target) => ++calls == 3 ? output.sum() * double.NaN : nn.functional.cross_entropy(output, target) };
        var trainer = new Trainer(SyntheticData.Model(1), options);
        var e = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(SyntheticData.Source(256, 1), epochs: 2));
        Assert.Equal((0, 2), (e.Epoch, e.Batch));
        Assert.Contains("epoch 1, batch 3", e.Message);
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_keeps_the_model()
    {
        using var cancel = new CancellationTokenSource();
        var model = SyntheticData.Model(1);
        var before = SyntheticData.Weights(model);
        var stopper = new BatchCallback(s => { if (s.Epoch == 1 && s.Batch == 1) cancel.Cancel(); });
        var trainer = new Trainer(model, Sgd() with { Progress = [stopper] });
        var history = trainer.Fit(SyntheticData.Source(256, 1), epochs: 5, cancellation: cancel.Token);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Single(history.Epochs);
        Assert.Equal(10, stopper.Batches);   // 8 of epoch 1, 2 of epoch 2
        Assert.NotEqual(before, SyntheticData.Weights(model));
        Assert.Equal(1, trainer.EpochsCompleted);
    }

    [Fact]
    public void Early_stopping_after_patience_epochs_without_improvement()
    {
        var options = Sgd() with { EarlyStoppingPatience = 2, Loss = (output, _) => output.sum() * 0 + 1 };
        var history = new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(64, 1), SyntheticData.Source(64, 2), epochs: 10);
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void Gradient_clipping_bounds_the_step()
    {
        var model = SyntheticData.Model(1);
        var before = SyntheticData.Weights(model);
        var options = new TrainerOptions { LearningRate = 1.0, Momentum = 0, GradientClipNorm = 1e-3, Device = CPU };
        new Trainer(model, options).Fit(BatchSource.FromTensors(SyntheticData.Make(32, 1).X, SyntheticData.Make(32, 1).Y, 32), epochs: 1);
        double step = Math.Sqrt(before.Zip(SyntheticData.Weights(model), (a, b) => (double)(a - b) * (a - b)).Sum());
        Assert.InRange(step, 1e-5, 1.0001e-3);
    }

    [Fact]
    public void Learning_rate_follows_the_schedule_per_epoch()
    {
        var options = Sgd(0.1) with { Schedule = LearningRateSchedule.Step(2, 0.5) };
        var history = new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(64, 1), epochs: 5);
        Assert.Equal([0.1, 0.1, 0.05, 0.05, 0.025], history.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void Adam_variants_train(OptimizerKind kind)
    {
        var options = new TrainerOptions { Optimizer = kind, LearningRate = 0.01, WeightDecay = 1e-2, Device = CPU };
        var history = new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(256, 1), epochs: 3);
        Assert.True(history.Last!.TrainLoss < history.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Nesterov_sgd_with_warmup_and_cosine_trains()
    {
        var options = Sgd(0.1) with { Nesterov = true, WeightDecay = 5e-4, Schedule = LearningRateSchedule.Cosine().WithWarmup(1) };
        var history = new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(256, 1), epochs: 3);
        Assert.True(history.Last!.TrainAccuracy > 0.85, $"accuracy {history.Last.TrainAccuracy}");
    }

    [Fact]
    public void Accuracy_is_reported_for_cross_entropy_and_only_on_request_for_another_loss()
    {
        Func<Tensor, Tensor, Tensor> smoothed = (output, target) => nn.functional.cross_entropy(output, target, label_smoothing: 0.1);
        Func<Tensor, Tensor, Tensor> embedding = (output, _) => output.pow(2).mean();   // a metric-style loss: outputs are not class scores
        var byDefault = new Trainer(SyntheticData.Model(1), Sgd(0.1)).Fit(SyntheticData.Source(128, 1), SyntheticData.Source(64, 2), epochs: 1);
        var custom = new Trainer(SyntheticData.Model(1), Sgd(0.1) with { Loss = embedding }).Fit(SyntheticData.Source(128, 1), SyntheticData.Source(64, 2), epochs: 1);
        var requested = new Trainer(SyntheticData.Model(1), Sgd(0.1) with { Loss = smoothed, ReportAccuracy = true }).Fit(SyntheticData.Source(128, 1), SyntheticData.Source(64, 2), epochs: 1);
        Assert.NotNull(byDefault.Last!.TrainAccuracy);
        Assert.NotNull(byDefault.Last.ValidationAccuracy);
        Assert.Null(custom.Last!.TrainAccuracy);
        Assert.Null(custom.Last.ValidationAccuracy);
        Assert.NotNull(requested.Last!.TrainAccuracy);
        Assert.NotNull(requested.Last.ValidationAccuracy);
        var silenced = new Trainer(SyntheticData.Model(1), Sgd(0.1) with { ReportAccuracy = false });
        Assert.Null(silenced.Evaluate(SyntheticData.Source(64, 2)).Accuracy);
    }

    [Fact]
    public void Predict_returns_every_output_and_target_in_order()
    {
        var (x, y) = SyntheticData.Make(70, 4);
        var model = SyntheticData.Model(1);
        var trainer = new Trainer(model, Sgd());
        var (outputs, targets) = trainer.Predict(BatchSource.FromTensors(x, y, 32, shuffle: false));
        Assert.Equal([70L, 2], outputs.shape);
        Assert.Equal(y.data<long>().ToArray(), targets.data<long>().ToArray());
        Assert.True(model.training);   // train mode restored
        model.eval();
        using (no_grad()) Assert.True(allclose(model.call(x), outputs, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Bad_options_name_the_fix()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(SyntheticData.Model(1), Sgd(0)));
        Assert.Contains("LearningRate must be positive", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(SyntheticData.Model(1), Sgd()).Fit(SyntheticData.Source(8, 1), epochs: 0));
    }

    private sealed class ModeProbe : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear fc = nn.Linear(8, 2);
        public List<(bool Training, bool Grad)> Calls { get; } = [];
        public ModeProbe() : base(nameof(ModeProbe)) => RegisterComponents();
        public override Tensor forward(Tensor x)
        {
            Calls.Add((training, is_grad_enabled()));
            return fc.call(x);
        }
    }
}
