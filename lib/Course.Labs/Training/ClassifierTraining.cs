using Course.Labs.Data;
using Course.Labs.Optim;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Training;

/// <summary>
/// One stage of a fine-tuning comparison (a pre-trained body under a new head against the same network from scratch):
/// trains a classifier with Adam for a number of epochs, validating after each. Stages run one after another on the
/// same model (the body frozen first, then everything) concatenate into one curve; a stage of zero epochs (no frozen
/// stage) gives an empty list. Each stage starts a fresh optimizer, as a new training run of the same model does.
/// </summary>
/// <example><code>
/// foreach (var p in body.parameters()) p.requires_grad = false;   // stage 1: the head alone
/// var epochs = ClassifierTraining.Fit(classifier, labelled, test, probeEpochs, 1e-2, seed: 0).ToList();
/// foreach (var p in body.parameters()) p.requires_grad = true;    // stage 2: everything
/// epochs.AddRange(ClassifierTraining.Fit(classifier, labelled, test, epochsInAll - probeEpochs, 1e-3, seed: 0));
/// </code></example>
public static class ClassifierTraining
{
    /// <summary>
    /// Trains <paramref name="classifier"/> (cross-entropy on class indices) with Adam at <paramref name="learningRate"/>
    /// for <paramref name="epochs"/> epochs on <paramref name="train"/>, validating on <paramref name="validation"/>;
    /// only parameters that require gradients move. Returns one record per epoch (none for 0 epochs).
    /// </summary>
    public static IReadOnlyList<EpochMetrics> Fit(Module<Tensor, Tensor> classifier, IBatchSource train, IBatchSource validation,
        int epochs, double learningRate, int? seed = null, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be 0 (skip the stage) or more.");
        if (epochs == 0) return [];
        var trainer = new Trainer(classifier, new TrainerOptions
        {
            Optimizer = OptimizerKind.Adam, LearningRate = learningRate, Seed = seed,
            Progress = progress is null ? [] : [progress],
        });
        return trainer.Fit(train, validation, epochs, cancellation).Epochs;
    }
}
