using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Labs.Models.Layers;

/// <summary>
/// PyTorch's BatchNorm (batch statistics in training, running statistics in eval, <c>momentum</c> null for a cumulative
/// average), with the same parameters, buffers and state_dict names as TorchSharp's, but advancing
/// <c>num_batches_tracked</c> with a scalar the library owns: TorchSharp's own leaks one native scalar per call
/// (see <see cref="OwnedScalars"/>). Training on one value per channel is refused with PyTorch's message (libtorch
/// itself returns the bias and turns the running variance into NaN). The library's models use
/// <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>.
/// </summary>
public abstract class BatchNormLayer : BatchNorm
{
    protected BatchNormLayer(long features, double eps, double momentum, bool affine, bool trackRunningStats, string name)
        : base(features, eps, momentum, affine, trackRunningStats, device: null, dtype: null, name)
    {
    }

    /// <summary>
    /// Normalise with the running statistics and leave them alone even in training mode: a frozen backbone's BatchNorm
    /// in a linear probe (<see cref="ModelFreezing.FreezeBackbone"/>), which the Trainer's <c>model.train()</c> would
    /// otherwise switch back to batch statistics.
    /// </summary>
    public bool FrozenStatistics { get; set; }

    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        bool training = this.training && !FrozenStatistics;
        if (training && input.numel() / Math.Max(1, input.shape[1]) <= 1)
            throw new ArgumentException($"{GetType().Name} expects more than 1 value per channel when training, got input size [{string.Join(", ", input.shape)}] "
                + "(batch statistics need at least two values); use a batch of two or more, or call eval() first.");
        double factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is not null)
        {
            num_batches_tracked.add_(OwnedScalars.One);
            if (momentum is null) factor = 1.0 / num_batches_tracked.item<long>();
        }
        bool useBatchStatistics = training || (running_mean is null && running_var is null);
        bool passRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, passRunning ? running_mean : null, passRunning ? running_var : null,
            weight, bias, useBatchStatistics, factor, eps);
    }
}
