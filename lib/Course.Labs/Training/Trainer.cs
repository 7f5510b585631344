using System.Diagnostics;
using Course.Labs.Data;
using Course.Labs.Optim;
using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Training;

/// <summary>
/// Fits a model epoch by epoch (d2l's <c>Trainer.fit(model, data)</c>): the training step (by default the model's
/// output and the loss against the target, or any <see cref="TrainingStep"/>) in train mode for training batches,
/// in eval mode without gradients for validation; a dispose scope per step (memory stays flat), the learning rate
/// set every step from the schedule, NaN/Inf losses stopped with the epoch and batch named, cooperative
/// cancellation between batches, early stopping, atomic checkpoints with exact resume, and TensorBoard event files.
/// </summary>
/// <example><code>
/// var history = Trainer.For(model, lr: 0.1, weightDecay: 5e-4).Fit(trainLoader, testLoader, epochs: 5);
/// history.Chart()
/// </code></example>
public sealed class Trainer
{
    private readonly Module model;
    private readonly TorchSharp.Modules.OptimizerHelper optimizer;
    private readonly TrainingStep step;
    private History history = new();
    private int epochsCompleted;
    private double bestMonitoredLoss = double.PositiveInfinity;
    private int epochsWithoutImprovement;

    /// <param name="model">The module trained. Without <see cref="TrainerOptions.Step"/> it must map one input tensor to one output tensor.</param>
    /// <param name="options">Optimizer, schedule, loss or step, progress and the rest; the defaults when null.</param>
    public Trainer(Module model, TrainerOptions? options = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new TrainerOptions();
        if (!(Options.LearningRate > 0))
            throw new ArgumentOutOfRangeException(nameof(options), Options.LearningRate, "TrainerOptions.LearningRate must be positive.");
        if (Options.EarlyStoppingPatience is <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), Options.EarlyStoppingPatience, "TrainerOptions.EarlyStoppingPatience must be at least 1 epoch (or null to disable).");
        if (Options.Step is not null && Options.Loss is not null)
            throw new ArgumentException("Set TrainerOptions.Step or TrainerOptions.Loss, not both: a step computes its own loss.", nameof(options));
        step = Options.Step ?? DefaultStep(model, Options.Loss);
        var automatic = LabsRuntime.Device;   // also sets torch's threads once per process
        Device = Options.Device ?? automatic;
        model.to(Device);
        optimizer = CreateOptimizer(model.parameters(), Options);
    }

    /// <summary>A trainer with the common settings as arguments (see <see cref="TrainerOptions"/> for all of them).</summary>
    /// <example><code>Trainer.For(model, lr: 1e-3, optimizer: OptimizerKind.Adam, seed: Seed, progress: NotebookProgress.ForDisplay(display(""), "MLP"))</code></example>
    public static Trainer For(Module model, double lr = 0.01, double weightDecay = 0, OptimizerKind optimizer = OptimizerKind.Sgd,
        double momentum = 0.9, LearningRateSchedule? schedule = null, TrainingStep? step = null, int? seed = null,
        params ITrainingProgress[] progress)
        => new(model, new TrainerOptions
        {
            LearningRate = lr, WeightDecay = weightDecay, Optimizer = optimizer, Momentum = momentum,
            Schedule = schedule ?? LearningRateSchedule.Constant, Step = step, Seed = seed, Progress = progress,
        });

    public TrainerOptions Options { get; }
    public Device Device { get; }
    public Module Model => model;

    /// <summary>The history so far (also returned by <see cref="Fit(DataModule, int, CancellationToken)"/>).</summary>
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

    /// <summary>The model's output for the input, and the loss (cross-entropy when none is given) against the target.</summary>
    private static TrainingStep DefaultStep(Module model, Func<Tensor, Tensor, Tensor>? loss)
    {
        if (model is not Module<Tensor, Tensor> forward)
            return (_, _) => throw new InvalidOperationException(
                $"{model.GetType().Name} does not map one tensor to one tensor: give TrainerOptions.Step, e.g. (x, y) => {{ var (a, b) = model.call(x); return Loss(a, b, y); }}.");
        loss ??= (output, target) => functional.cross_entropy(output, target);
        return (input, target) =>
        {
            var output = forward.call(input);
            return new StepOutput(loss(output, target), output);
        };
    }

    /// <summary>
    /// Trains until <paramref name="epochs"/> epochs are done in total (after <see cref="Resume"/>, only the
    /// remaining ones run) on <paramref name="data"/>'s training batches, validating after each epoch on its
    /// validation batches when it has them.
    /// </summary>
    /// <exception cref="NonFiniteLossException">The training loss became NaN or infinite.</exception>
    public History Fit(DataModule data, int epochs, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(data.Train, nameof(data.Train));
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be positive (the total number of epochs to reach).");
        if (Options.Seed is int seed && epochsCompleted == 0) Reproducibility.Seed(seed);
        using var interrupt = TrainingInterrupt.Begin(cancellation, Options.StopOnInterrupt);
        cancellation = interrupt.Token;
        using var board = Options.TensorBoardDirectory is null ? null : new TensorBoardLog(Options.TensorBoardDirectory);
        history.StopReason = StopReason.Completed;
        try
        {
            while (epochsCompleted < epochs)
            {
                int epoch = epochsCompleted;
                var trained = TrainEpoch(data.Train, epoch, epochs, cancellation);
                if (trained.Cancelled) { history.StopReason = StopReason.Cancelled; break; }
                var validated = data.Validation is null ? null : Evaluate(data.Validation);
                var metrics = new EpochMetrics(epoch, trained.Metrics.Loss, trained.Metrics.Accuracy, validated?.Loss, validated?.Accuracy,
                    CurrentLearningRate, trained.Seconds, trained.Metrics.Samples / Math.Max(trained.Seconds, 1e-9));
                history.Add(metrics);
                epochsCompleted++;
                board?.Write(metrics);
                foreach (var sink in Options.Progress) sink.OnEpochEnd(metrics);

                bool stop = UpdateEarlyStopping(validated?.Loss ?? trained.Metrics.Loss);
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

    /// <summary>Trains on <paramref name="train"/>, validating on <paramref name="validation"/> after each epoch when given (a <see cref="DataModule"/> of the two).</summary>
    public History Fit(IBatchSource train, IBatchSource? validation, int epochs, CancellationToken cancellation = default)
        => Fit(new DataModule(train, validation), epochs, cancellation);

    /// <summary>Trains without validation.</summary>
    public History Fit(IBatchSource train, int epochs, CancellationToken cancellation = default) => Fit(new DataModule(train), epochs, cancellation);

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

    /// <summary>
    /// Accuracy counts when the step gives outputs and the options do not turn it off; with the default step only under
    /// the default cross-entropy loss (or on request), since under a metric loss the outputs are not class scores.
    /// </summary>
    private bool ReportsAccuracy => Options.ReportAccuracy ?? (Options.Step is not null || Options.Loss is null);

    private (RunningMetrics Metrics, double Seconds, bool Cancelled) TrainEpoch(IBatchSource train, int epoch, int totalEpochs, CancellationToken cancellation)
    {
        int? batchCount = train.BatchCountOf(epoch);
        foreach (var sink in Options.Progress) sink.OnEpochStart(epoch, totalEpochs, batchCount);
        var clock = Stopwatch.StartNew();
        var running = new RunningMetrics(ReportsAccuracy);
        bool completed = RunBatches(train, epoch, training: true, cancellation, (batch, input, target, output, loss) =>
        {
            if (!double.IsFinite(loss)) throw new NonFiniteLossException(epoch, batch, loss);
            running.Add(loss, input, output.Outputs, target);
            if (Options.Progress.Count == 0) return;
            double elapsed = clock.Elapsed.TotalSeconds;
            TimeSpan? remaining = batchCount is int n ? TimeSpan.FromSeconds(elapsed / (batch + 1) * Math.Max(0, n - batch - 1)) : null;
            var snapshot = new ProgressSnapshot(epoch, totalEpochs, batch, batchCount, running.Loss, running.Accuracy,
                running.Samples / Math.Max(elapsed, 1e-9), clock.Elapsed, remaining);
            foreach (var sink in Options.Progress) sink.OnBatch(snapshot);
        }, batchCount, totalEpochs);
        if (completed && running.Samples == 0)
            throw new InvalidOperationException($"The training source gave no batches in epoch {epoch + 1}; check the data set and batch size.");
        return (running, clock.Elapsed.TotalSeconds, !completed);
    }

    /// <summary>Mean loss (and accuracy for classification) over <paramref name="data"/> in eval mode, without gradients; the mode is restored.</summary>
    public EvaluationResult Evaluate(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var running = new RunningMetrics(ReportsAccuracy);
        RunBatches(data, 0, training: false, CancellationToken.None, (_, input, target, output, loss) => running.Add(loss, input, output.Outputs, target));
        return new EvaluationResult(running.Loss, running.Accuracy, running.Samples);
    }

    /// <summary>
    /// The step's outputs and the targets for every batch of <paramref name="data"/>, concatenated on the CPU, in eval
    /// mode without gradients: <c>outputs.argmax(1)</c> gives predictions for a confusion matrix; embeddings for a scatter.
    /// </summary>
    public (Tensor Outputs, Tensor Targets) Predict(IBatchSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var outputs = new List<Tensor>();
        var targets = new List<Tensor>();
        try
        {
            RunBatches(data, 0, training: false, CancellationToken.None, (_, _, target, output, _) =>
            {
                var predicted = output.Outputs ?? throw new InvalidOperationException(
                    "The training step returned no outputs to predict with: return new StepOutput(loss, outputs) from TrainerOptions.Step.");
                outputs.Add(predicted.cpu().MoveToOuterDisposeScope());
                targets.Add(target.cpu().MoveToOuterDisposeScope());
            });
            if (outputs.Count == 0) throw new InvalidOperationException("The data source gave no batches; check the data set and batch size.");
            return (cat(outputs, 0), cat(targets, 0));
        }
        finally
        {
            foreach (var t in outputs.Concat(targets)) t.Dispose();
        }
    }

    /// <summary>
    /// The one batch loop under training, evaluation and prediction: each batch of the epoch in its own dispose scope,
    /// moved to the device, through the step, its loss read once; in training the learning rate is set, gradients flow
    /// and the optimizer steps, otherwise the model is in eval mode without gradients (its mode restored after).
    /// Returns false when <paramref name="cancellation"/> stopped it between batches.
    /// </summary>
    private bool RunBatches(IBatchSource source, int epoch, bool training, CancellationToken cancellation,
        Action<int, Tensor, Tensor, StepOutput, double> afterStep, int? batchCount = null, int totalEpochs = 1)
    {
        bool wasTraining = model.training;
        model.train(training);
        try
        {
            using var noGrad = training ? null : no_grad();
            using var batches = source.GetBatches(epoch).GetEnumerator();
            for (int batch = 0; ; batch++)
            {
                if (cancellation.IsCancellationRequested) return false;
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) return true;
                var (input, target) = batches.Current;
                input = input.to(Device);
                target = target.to(Device);
                if (training)
                {
                    SetLearningRate(epoch, batch, batchCount, totalEpochs);
                    optimizer.zero_grad();
                }
                var output = step(input, target);
                double loss = output.Loss.item<float>();
                if (training && double.IsFinite(loss))
                {
                    output.Loss.backward();
                    if (Options.GradientClipNorm is double maxNorm) nn.utils.clip_grad_norm_(model.parameters(), maxNorm);
                    optimizer.step();
                }
                afterStep(batch, input, target, output, loss);
            }
        }
        finally
        {
            if (!training) model.train(wasTraining);
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
    /// is null); the next <c>Fit</c> continues with the epoch after it. Returns the epochs already done.
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
