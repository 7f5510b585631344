using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>
/// d2l's <c>training_step</c>: one batch in, its loss out. The trainer calls it in train mode for training batches
/// (then backpropagates the loss and steps the optimizer) and in eval mode without gradients for validation,
/// evaluation and prediction. A step of a model with several inputs or outputs (a siamese pair, an identity head
/// and an embedding) calls the model itself: <c>(x, y) =&gt; { var (logits, embedding) = model.call(x); return new StepOutput(Loss(logits, embedding, y), logits); }</c>.
/// </summary>
public delegate StepOutput TrainingStep(Tensor input, Tensor target);

/// <summary>
/// What a <see cref="TrainingStep"/> computed: the loss (a scalar to minimise) and, optionally, the outputs: class
/// scores [B, C] count towards accuracy against class-index targets, and <see cref="Trainer.Predict"/> returns them.
/// A step that returns only a loss tensor converts to one.
/// </summary>
public readonly record struct StepOutput(Tensor Loss, Tensor? Outputs = null)
{
    public static implicit operator StepOutput(Tensor loss) => new(loss);
}
