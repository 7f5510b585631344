namespace Course.Labs.Training;

/// <summary>Why <see cref="Trainer.Fit(Data.DataModule, int, CancellationToken)"/> returned.</summary>
public enum StopReason
{
    /// <summary>All requested epochs ran.</summary>
    Completed,
    /// <summary>Validation loss stopped improving for the patience set.</summary>
    EarlyStopping,
    /// <summary>The cancellation token fired; the model keeps the weights of the last finished step.</summary>
    Cancelled,
}
