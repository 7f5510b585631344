namespace Course.Labs.Data;

/// <summary>
/// d2l's <c>DataModule</c>: a task's training batches and validation batches together, what
/// <c>Trainer.Fit(data, epochs)</c> takes. Any <see cref="IBatchSource"/> fits (an <see cref="ImageDataLoader"/>,
/// tensors in memory through <see cref="BatchSource.FromTensors"/>, a sampler).
/// </summary>
/// <param name="Train">The batches trained on, one pass per epoch.</param>
/// <param name="Validation">The batches evaluated after each epoch (loss and, for classification, accuracy); none when null.</param>
public sealed record DataModule(IBatchSource Train, IBatchSource? Validation = null);
