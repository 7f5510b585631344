using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>Summaries and counts for any TorchSharp module: <c>model.Summary(1, 3, 32, 32)</c>, <c>model.ParameterCount()</c>.</summary>
public static class ModelInspection
{
    /// <summary>All parameters (or only those with <c>requires_grad</c>), as torchvision's counts are quoted.</summary>
    public static long ParameterCount(this Module model, bool trainableOnly = false)
        => model.parameters().Where(p => !trainableOnly || p.requires_grad).Sum(p => p.numel());

    /// <summary>Number of submodules of type <typeparamref name="TLayer"/> (e.g. Conv2d) anywhere in the model.</summary>
    public static int LayerCount<TLayer>(this Module model) where TLayer : Module
        => model.modules().Count(m => m is TLayer);

    /// <summary>The device of the model's first parameter (where its inputs must be), or the CPU for a model without any.</summary>
    public static Device ParameterDevice(this Module model) => model.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>
    /// Runs one forward pass on zeros of <paramref name="inputShape"/> (batch first) in eval mode without gradients
    /// and lists every leaf layer in call order with its output shape and parameter count. The model's
    /// train/eval mode is restored afterwards.
    /// </summary>
    public static ModelSummary Summary<TResult>(this Module<Tensor, TResult> model, params long[] inputShape)
    {
        if (inputShape is null || inputShape.Length < 2 || inputShape.Any(d => d <= 0))
            throw new ArgumentException("inputShape must be a positive shape with the batch first, e.g. [1, 3, 32, 32].", nameof(inputShape));
        var rows = new List<LayerSummary>();
        var removers = new List<Action>();
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not Module<Tensor, Tensor> leaf || module.children().Any()) continue;
            long own = module.parameters(recurse: false).Sum(p => p.numel());
            string layerName = name, type = module.GetType().Name;
            var remover = leaf.register_forward_hook((_, _, output) =>
            {
                rows.Add(new LayerSummary(layerName, type, output.shape, own));
                return output;
            });
            removers.Add(remover.remove);
        }
        bool wasTraining = model.training;
        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros(inputShape, device: model.ParameterDevice()));
        }
        finally
        {
            foreach (var remove in removers) remove();
            model.train(wasTraining);
        }
        return new ModelSummary(model.GetName(), inputShape, rows, model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }
}
