namespace Course.Labs.Training;

/// <summary>Training met a NaN or infinite loss; the message names the epoch and batch and suggests a fix.</summary>
public sealed class NonFiniteLossException : Exception
{
    public NonFiniteLossException(int epoch, int batch, double loss)
        : base($"The loss became {loss} at epoch {epoch + 1}, batch {batch + 1}: training stopped. " +
               "Lower the learning rate, add warm-up or gradient clipping (GradientClipNorm), or check the inputs for NaN.")
    {
        Epoch = epoch;
        Batch = batch;
        Loss = loss;
    }

    /// <summary>0-based epoch.</summary>
    public int Epoch { get; }
    /// <summary>0-based batch within the epoch.</summary>
    public int Batch { get; }
    public double Loss { get; }
}
