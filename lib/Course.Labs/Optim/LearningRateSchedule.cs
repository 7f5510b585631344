namespace Course.Labs.Optim;

/// <summary>
/// Learning-rate multiplier as a function of training progress, with an optional linear warm-up. Progress is
/// measured in epochs, fractional within an epoch when the batch count is known, so warm-up and cosine move
/// every step. Step and multi-step decay at epoch boundaries, as PyTorch's StepLR/MultiStepLR stepped per epoch.
/// </summary>
public sealed record LearningRateSchedule
{
    private enum Shape { Constant, Step, MultiStep, Cosine }

    private Shape Kind { get; init; }
    private int StepSize { get; init; }
    private double Gamma { get; init; } = 1;
    private int[] Milestones { get; init; } = [];
    private double MinFactor { get; init; }

    /// <summary>Epochs of linear warm-up from near 0 to the full rate (0: none).</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>The same rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new();

    /// <summary>Multiply by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs (StepLR).</summary>
    public static LearningRateSchedule Step(int stepSize, double gamma = 0.1)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "stepSize must be a positive number of epochs.");
        return new() { Kind = Shape.Step, StepSize = stepSize, Gamma = gamma };
    }

    /// <summary>Multiply by <paramref name="gamma"/> at each milestone epoch (MultiStepLR).</summary>
    public static LearningRateSchedule MultiStep(IEnumerable<int> milestones, double gamma = 0.1)
        => new() { Kind = Shape.MultiStep, Milestones = milestones.Order().ToArray(), Gamma = gamma };

    /// <summary>Cosine annealing from the full rate to <paramref name="minFactor"/> x rate over the whole run (CosineAnnealingLR).</summary>
    public static LearningRateSchedule Cosine(double minFactor = 0) => new() { Kind = Shape.Cosine, MinFactor = minFactor };

    /// <summary>This schedule preceded by <paramref name="epochs"/> of linear warm-up.</summary>
    public LearningRateSchedule WithWarmup(double epochs)
    {
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Warm-up epochs must be 0 or more.");
        return this with { WarmupEpochs = epochs };
    }

    /// <summary>Multiplier of the base rate.</summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="batch">0-based batch within the epoch.</param>
    /// <param name="batchesPerEpoch">Batches per epoch, or null when unknown (progress then moves once per epoch).</param>
    /// <param name="totalEpochs">Length of the run (for cosine).</param>
    public double Factor(int epoch, int batch, int? batchesPerEpoch, int totalEpochs)
    {
        double stepFraction = batchesPerEpoch is int n && n > 0 ? 1.0 / n : 1.0;
        double progress = epoch + (batchesPerEpoch is > 0 ? batch * stepFraction : 0);
        double factor = Kind switch
        {
            Shape.Step => Math.Pow(Gamma, epoch / StepSize),
            Shape.MultiStep => Math.Pow(Gamma, Milestones.Count(m => m <= epoch)),
            Shape.Cosine => MinFactor + (1 - MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress / Math.Max(1, totalEpochs)))),
            _ => 1,
        };
        if (WarmupEpochs > 0 && progress < WarmupEpochs)
            factor *= Math.Min(1, (progress + stepFraction) / WarmupEpochs);
        return factor;
    }

    public override string ToString() => Kind switch
    {
        Shape.Step => $"step({StepSize}, {Gamma})",
        Shape.MultiStep => $"multistep([{string.Join(", ", Milestones)}], {Gamma})",
        Shape.Cosine => $"cosine(min {MinFactor})",
        _ => "constant",
    } + (WarmupEpochs > 0 ? $" + warm-up {WarmupEpochs} epochs" : "");
}
