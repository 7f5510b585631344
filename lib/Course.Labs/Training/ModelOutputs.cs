using Course.Labs.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>A model run over a whole tensor of inputs, wherever the model lives: <c>model.Outputs(testImages)</c>.</summary>
public static class ModelOutputs
{
    /// <summary>
    /// The model's outputs for every row of <paramref name="inputs"/> (batch first, on any device), computed in eval
    /// mode without gradients, <paramref name="batchSize"/> rows at a time on the model's own device (a GPU when the
    /// model was moved there), and concatenated on the CPU. The model's train/eval mode is restored afterwards.
    /// </summary>
    public static Tensor Outputs(this nn.Module<Tensor, Tensor> model, Tensor inputs, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        if (inputs.dim() == 0 || inputs.shape[0] == 0)
            throw new ArgumentException(
                $"inputs must hold at least one row, batch first; got shape [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        var device = model.ParameterDevice();
        bool wasTraining = model.training;
        model.eval();
        var parts = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            for (long start = 0; start < inputs.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var rows = inputs.narrow(0, start, Math.Min(batchSize, inputs.shape[0] - start));
                parts.Add(model.call(rows.to(device)).cpu().MoveToOuterDisposeScope());
            }
            return cat(parts, 0);
        }
        finally
        {
            model.train(wasTraining);
            foreach (var part in parts) part.Dispose();
        }
    }
}
