using Course.Labs.Data;
using Course.Labs.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>A model run over a whole data set, wherever the model lives: <c>model.Outputs(testImages)</c>, <c>net.Outputs(loader, x =&gt; net.call(x).Embedding)</c>.</summary>
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
        var rows = Enumerable.Range(0, (int)((inputs.shape[0] + batchSize - 1) / batchSize))
            .Select(b => inputs.narrow(0, (long)b * batchSize, Math.Min(batchSize, inputs.shape[0] - (long)b * batchSize)));
        return Concatenated(model, rows, model.call);
    }

    /// <summary>
    /// <paramref name="forward"/>'s outputs for the inputs of every batch of <paramref name="data"/> (its targets are not
    /// used), in eval mode without gradients on the model's device, concatenated on the CPU: e.g. the embeddings of a
    /// model with several outputs, over images a loader reads and transforms batch by batch.
    /// </summary>
    public static Tensor Outputs(this nn.Module model, IBatchSource data, Func<Tensor, Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(forward);
        return Concatenated(model, data.GetBatches(0).Select(b => b.Input), forward);
    }

    private static Tensor Concatenated(nn.Module model, IEnumerable<Tensor> batches, Func<Tensor, Tensor> forward)
    {
        var device = model.ParameterDevice();
        bool wasTraining = model.training;
        model.eval();
        var parts = new List<Tensor>();
        try
        {
            using var noGrad = no_grad();
            using var inputs = batches.GetEnumerator();
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!inputs.MoveNext()) break;
                parts.Add(forward(inputs.Current.to(device)).cpu().MoveToOuterDisposeScope());
            }
            if (parts.Count == 0) throw new ArgumentException("The data gave no batches; check the data set and batch size.", nameof(batches));
            return cat(parts, 0);
        }
        finally
        {
            model.train(wasTraining);
            foreach (var part in parts) part.Dispose();
        }
    }
}
