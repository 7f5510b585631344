using Course.Labs.Optim;
using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>
/// How fast a model trains on this machine: SGD steps on random images and labels, timed as a benchmark should be
/// (the first step warms up untimed; a GPU, which works asynchronously, is waited for before the clock is read).
/// Measure before you plan: the images per second decide how much data and how many epochs fit a time budget.
/// </summary>
public static class TrainingSpeed
{
    /// <summary>
    /// Training images per second of <paramref name="model"/> on <see cref="LabsRuntime.Device"/>, over
    /// <paramref name="steps"/> timed steps of <paramref name="batchSize"/> random images of shape
    /// <paramref name="imageShape"/> (e.g. [1, 28, 28]) with labels among <paramref name="classes"/>. The model trains
    /// (its weights change) and is left on the device.
    /// </summary>
    public static double ImagesPerSecond(nn.Module<Tensor, Tensor> model, int batchSize, long[] imageShape, int steps, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (imageShape is not { Length: > 0 } || imageShape.Any(d => d <= 0))
            throw new ArgumentException($"imageShape must list the positive sizes of one image, e.g. [1, 28, 28] (got [{string.Join(", ", imageShape ?? [])}]).", nameof(imageShape));
        var device = LabsRuntime.Device;
        model.to(device);
        model.train();
        using var optimizer = new Sgd(model.parameters(), 0.01, momentum: 0.9);
        long[] batchShape = [batchSize, .. imageShape];
        var clock = new System.Diagnostics.Stopwatch();
        for (int step = 0; step <= steps; step++)   // step 0 warms up, untimed
        {
            using var scope = NewDisposeScope();
            if (step == 1) { Synchronize(device); clock.Start(); }
            optimizer.zero_grad();
            var images = randn(batchShape, device: device);
            nn.functional.cross_entropy(model.call(images), randint(0, classes, batchSize, device: device)).backward();
            optimizer.step();
        }
        Synchronize(device);
        return batchSize * steps / clock.Elapsed.TotalSeconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize();
    }
}
