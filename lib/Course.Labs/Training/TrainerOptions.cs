using Course.Labs.Optim;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>Everything a <see cref="Trainer"/> run is configured by. Defaults: SGD, lr 0.01, momentum 0.9, cross-entropy.</summary>
public sealed record TrainerOptions
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; } = 0.01;
    /// <summary>SGD momentum (ignored by Adam/AdamW).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Nesterov momentum for SGD.</summary>
    public bool Nesterov { get; init; }
    /// <summary>L2 penalty (SGD, Adam) or decoupled decay (AdamW).</summary>
    public double WeightDecay { get; init; }
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Clip the global gradient norm to this value before each step (null: no clipping).</summary>
    public double? GradientClipNorm { get; init; }
    /// <summary>Stop when the monitored validation loss has not improved for this many epochs (null: never).</summary>
    public int? EarlyStoppingPatience { get; init; }
    /// <summary>Loss of (model output, target) for the default step; cross-entropy on class indices when null.</summary>
    public Func<Tensor, Tensor, Tensor>? Loss { get; init; }
    /// <summary>
    /// The training step (d2l's <c>training_step</c>: batch in, loss out, outputs optional) for models and losses the
    /// default step does not fit: several inputs or outputs, pairs, triplets. Null: the model's output and
    /// <see cref="Loss"/> against the target.
    /// </summary>
    public TrainingStep? Step { get; init; }
    /// <summary>
    /// Whether to report top-1 accuracy (the outputs' argmax against class-index targets). Null: with a
    /// <see cref="Step"/> that returns outputs, and with the default step only under the default cross-entropy loss,
    /// because under another loss (triplet, contrastive, reconstruction) the outputs are not class scores and that
    /// figure would mean nothing; set true for a custom classification loss (label smoothing, weights).
    /// </summary>
    public bool? ReportAccuracy { get; init; }
    /// <summary>Device to train on; <see cref="Runtime.LabsRuntime.Device"/> when null.</summary>
    public Device? Device { get; init; }
    /// <summary>Seed for torch's generators at the start of the first <c>Fit</c> (null: leave them as they are).</summary>
    public int? Seed { get; init; }
    /// <summary>Checkpoint file written (atomically) after every epoch; resume with <see cref="Trainer.Resume"/>.</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Folder for TensorBoard event files (loss, accuracy, learning rate per epoch); none when null.</summary>
    public string? TensorBoardDirectory { get; init; }
    /// <summary>SIGINT (Ctrl-C, the notebook's interrupt) stops the fit between batches instead of killing the process.</summary>
    public bool StopOnInterrupt { get; init; } = true;
    /// <summary>Receivers of live progress (terminal bar, notebook view, your own).</summary>
    public IReadOnlyList<ITrainingProgress> Progress { get; init; } = [];
}
