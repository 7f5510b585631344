using System.Diagnostics;
using Course.Labs.Data;
using Course.Labs.Optim;
using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Training;

/// <summary>
/// Fits a <c>Module&lt;Tensor, Tensor&gt;</c> epoch by epoch: train mode for training batches, eval mode without
/// gradients for validation, a dispose scope per step (memory stays flat), the learning rate set every step from
/// the schedule, NaN/Inf losses stopped with the epoch and batch named, cooperative cancellation between batches,
/// early stopping, atomic checkpoints with exact resume, and TensorBoard event files.
/// </summary>
/// <example><code>
/// var history = Trainer.For(model, lr: 0.1, weightDecay: 5e-4).Fit(train, test, epochs: 5);
/// history.Chart()
/// </code></example>
public sealed class Trainer
{
    private readonly Module<Tensor, Tensor> model;
    private readonly TorchSharp.Modules.OptimizerHelper optimizer;
    private readonly Func<Tensor, Tensor, Tensor> loss;
    private History history = new();
    private int epochsCompleted;
    private double bestMonitoredLoss = double.PositiveInfinity;
    private int epochsWithoutImprovement;

    public Trainer(Module<Tensor, Tensor> model, TrainerOptions? options = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new TrainerOptions();
        if (!(Options.LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(options), Options.LearningRate, "TrainerOptions.LearningRate must be positive.");
        if (Options.EarlyStoppingPatience is <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.EarlyStoppingPatience, "TrainerOptions.EarlyStoppingPatience must be at least 1 epoch (or null to disable).");
        var automatic = LabsRuntime.Device;   // also sets torch's threads once per process
        Device = Options.Device ?? automatic;
        model.to(Device);
        optimizer = CreateOptimizer(model.parameters(), Options);
        loss = Options.Loss ?? ((output, target) => functional.cross_entropy(output, target));
    }

    /// <summary>A trainer with the common settings as arguments (see <see cref="TrainerOptions"/> for all of them).</summary>
    public static Trainer For(Module<Tensor, Tensor> model, double lr = 0.01, double weightDecay = 0, OptimizerKind optimizer = OptimizerKind.Sgd,
        double momentum = 0.9, LearningRateSchedule? schedule = null, params ITrainingProgress[] progress)
        => new(model, new TrainerOptions
        {
            LearningRate = lr, WeightDecay = weightDecay, Optimizer = optimizer, Momentum = momentum,
            Schedule = schedule ?? LearningRateSchedule.Constant, Progress = progress,
        });

    public TrainerOptions Options { get; }
    public Device Device { get; }
    public Module<Tensor, Tensor> Model => model;

    /// <summary>The history so far (also returned by <see cref="Fit"/>).</summary>
    public History History => history;

    /// <summary>Epochs trained so far, including those restored by <see cref="Resume"/>.</summary>
    public int EpochsCompleted => epochsCompleted;

    private static TorchSharp.Modules.OptimizerHelper CreateOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters, TrainerOptions o) => o.Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd(parameters, o.LearningRate, momentum: o.Momentum, weightDecay: o.WeightDecay, nesterov: o.Nesterov),
        OptimizerKind.Adam => new Adam(parameters, o.LearningRate, weightDecay: o.WeightDecay),
        OptimizerKind.AdamW => new AdamW(parameters, o.LearningRate, weightDecay: o.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Optimizer, "Unknown optimizer."),
    };

    /// <summary>
    /// Trains until <paramref name="epochs"/> epochs are done in total (after <see cref="Resume"/>, only the
    /// remaining ones run), validating after each epoch when <paramref name="validation"/> is given.
    /// </summary>
    /// <exception cref="NonFiniteLossException">The training loss became NaN or infinite.</exception>
    public History Fit(IBatchSource train, IBatchSource? validation, int epochs, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be positive (the total number of epochs to reach).");
        if (Options.Seed is int seed && epochsCompleted == 0) Reproducibility.Seed(seed);
        using var interrupt = TrainingInterrupt.Begin(cancellation, Options.StopOnInterrupt);
        cancellation = interrupt.Token;
        using var board = Options.TensorBoardDirectory is null ? null : new TensorBoardLog(Options.TensorBoardDirectory, Options);
        history.StopReason = StopReason.Completed;
        try
        {
            while (epochsCompleted < epochs)
            {
                int epoch = epochsCompleted;
                var (trainLoss, trainAccuracy, seen, batchSize, seconds, cancelled) = TrainEpoch(train, epoch, epochs, cancellation);
                if (cancelled) { history.StopReason = StopReason.Cancelled; break; }
                var validated = validation is null ? null : Evaluate(validation);
                var metrics = new EpochMetrics(epoch, trainLoss, trainAccuracy, validated?.Loss, validated?.Accuracy,
                    CurrentLearningRate, seconds, seen / Math.Max(seconds, 1e-9)) { BatchSize = batchSize };
                history.Add(metrics);
                epochsCompleted++;
                board?.Write(metrics);
                foreach (var sink in Options.Progress) sink.OnEpochEnd(metrics);

                bool stop = UpdateEarlyStopping(validated?.Loss ?? trainLoss);
                if (Options.CheckpointPath is string path) SaveCheckpoint(path);
                if (stop) { history.StopReason = StopReason.EarlyStopping; break; }
            }
        }
        finally
        {
            foreach (var sink in Options.Progress) sink.OnEnd(history);
        }
        return history;
    }

    /// <summary>Trains without validation.</summary>
    public History Fit(IBatchSource train, int epochs, CancellationToken cancellation = default) => Fit(train, null, epochs, cancellation);

    private bool UpdateEarlyStopping(double monitored)
    {
        if (monitored < bestMonitoredLoss) { bestMonitoredLoss = monitored; epochsWithoutImprovement = 0; }
        else epochsWithoutImprovement++;
        return Options.EarlyStoppingPatience is int patience && epochsWithoutImprovement >= patience;
    }

    private double CurrentLearningRate => optimizer.ParamGroups.First().LearningRate;

    private void SetLearningRate(int epoch, int batch, int? batchCount, int totalEpochs)
    {
        double rate = Options.LearningRate * Options.Schedule.Factor(epoch, batch, batchCount, totalEpochs);
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }

    /// <summary>Accuracy is reported with the default cross-entropy loss, or when the options ask for it.</summary>
    private bool ReportsAccuracy => Options.ReportAccuracy ?? Options.Loss is null;

    private (double Loss, double? Accuracy, long Seen, int BatchSize, double Seconds, bool Cancelled) TrainEpoch(
        IBatchSource train, int epoch, int totalEpochs, CancellationToken cancellation)
    {
        int? batchCount = train.BatchCount;
        foreach (var sink in Options.Progress) sink.OnEpochStart(epoch, totalEpochs, batchCount);
        model.train();
        var clock = Stopwatch.StartNew();
        var running = new RunningMetrics(ReportsAccuracy);
        using var batches = train.GetBatches(epoch).GetEnumerator();
        for (int batch = 0; ; batch++)
        {
            if (cancellation.IsCancellationRequested) return (running.Loss, running.Accuracy, running.Samples, running.LargestBatch, clock.Elapsed.TotalSeconds, true);
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            var (input, target) = batches.Current;
            input = input.to(Device);
            target = target.to(Device);
            SetLearningRate(epoch, batch, batchCount, totalEpochs);

            optimizer.zero_grad();
            var output = model.call(input);
            var batchLoss = loss(output, target);
            double lossValue = batchLoss.item<float>();
            if (!double.IsFinite(lossValue)) throw new NonFiniteLossException(epoch, batch, lossValue);
            batchLoss.backward();
            if (Options.GradientClipNorm is double maxNorm) nn.utils.clip_grad_norm_(model.parameters(), maxNorm);
            optimizer.step();
            running.Add(lossValue, output, target);

            if (Options.Progress.Count > 0)
            {
                double elapsed = clock.Elapsed.TotalSeconds;
                TimeSpan? remaining = batchCount is int n ? TimeSpan.FromSeconds(elapsed / (batch + 1) * Math.Max(0, n - batch - 1)) : null;
                var snapshot = new ProgressSnapshot(epoch, totalEpochs, batch, batchCount, running.Loss, running.Accuracy,
                    running.Samples / Math.Max(elapsed, 1e-9), clock.Elapsed, remaining);
                foreach (var sink in Options.Progress) sink.OnBatch(snapshot);
            }
        }
        if (running.Samples == 0)
            throw new InvalidOperationException($"The training source gave no batches in epoch {epoch + 1}; check the data set and batch size.");
        return (running.Loss, running.Accuracy, running.Samples, running.LargestBatch, clock.Elapsed.TotalSeconds, false);
    }

    /// <summary>Mean loss and accuracy over <paramref name="data"/> in eval mode, without gradients; the mode is restored.</summary>
    public EvaluationResult Evaluate(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var running = new RunningMetrics(ReportsAccuracy);
            using var batches = data.GetBatches(0).GetEnumerator();
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                input = input.to(Device);
                target = target.to(Device);
                var output = model.call(input);
                running.Add(loss(output, target).item<float>(), output, target);
            }
            return new EvaluationResult(running.Loss, running.Accuracy, running.Samples);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Model outputs and targets for every batch of <paramref name="data"/>, concatenated on the CPU, in eval mode
    /// without gradients: <c>outputs.argmax(1)</c> gives predictions for a confusion matrix; embeddings for a scatter.
    /// </summary>
    public (Tensor Outputs, Tensor Targets) Predict(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = model.training;
        model.eval();
        var outputs = new List<Tensor>();
        var targets = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            using var batches = data.GetBatches(0).GetEnumerator();
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                outputs.Add(model.call(input.to(Device)).cpu().MoveToOuterDisposeScope());
                targets.Add(target.cpu().MoveToOuterDisposeScope());
            }
            if (outputs.Count == 0) throw new InvalidOperationException("The data source gave no batches; check the data set and batch size.");
            return (cat(outputs, 0), cat(targets, 0));
        }
        finally
        {
            model.train(wasTraining);
            foreach (var t in outputs.Concat(targets)) t.Dispose();
        }
    }

    /// <summary>Writes model, optimizer, epoch, history and RNG state to <paramref name="path"/> (atomically).</summary>
    public void SaveCheckpoint(string path) => TrainingCheckpoint.Save(path, model, optimizer, new TrainingCheckpoint
    {
        EpochsCompleted = epochsCompleted,
        History = history.Epochs.ToList(),
        BestValidationLoss = bestMonitoredLoss,
        EpochsWithoutImprovement = epochsWithoutImprovement,
    });

    /// <summary>
    /// Restores the state of a checkpoint (<see cref="TrainerOptions.CheckpointPath"/> when <paramref name="path"/>
    /// is null); the next <see cref="Fit"/> continues with the epoch after it. Returns the epochs already done.
    /// </summary>
    public int Resume(string? path = null)
    {
        path ??= Options.CheckpointPath ?? throw new ArgumentNullException(nameof(path), "Give the checkpoint path, or set TrainerOptions.CheckpointPath.");
        var state = TrainingCheckpoint.Load(path, model, optimizer);
        epochsCompleted = state.EpochsCompleted;
        history = History.From(state.History);
        bestMonitoredLoss = state.BestValidationLoss;
        epochsWithoutImprovement = state.EpochsWithoutImprovement;
        return epochsCompleted;
    }
}
