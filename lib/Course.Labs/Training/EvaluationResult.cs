namespace Course.Labs.Training;

/// <summary>Mean loss (and accuracy for classification) over a data set, from <see cref="Trainer.Evaluate"/>.</summary>
public sealed record EvaluationResult(double Loss, double? Accuracy, long Samples);
