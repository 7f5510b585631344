using Course.Labs.Models.Layers;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>Freezing a network's body for a linear probe (only the classifier trains) and undoing it.</summary>
public static class ModelFreezing
{
    /// <summary>
    /// Freezes everything but the classifier: its parameters stop training (<c>requires_grad = false</c>) and its
    /// BatchNorm layers keep normalising with their running statistics even in training mode, so the features the
    /// classifier sees are exactly the pretrained network's. The classifier is <paramref name="classifierName"/>, or the
    /// model's own (<see cref="IHasClassifier"/>: <c>fc</c> of a ResNet, <c>classifier.6</c> of VGG, ...). Returns how many
    /// parameters still train. Give the optimizer only those (<c>model.parameters().Where(p => p.requires_grad)</c>) or
    /// all: frozen ones get no gradient and stay as they are.
    /// </summary>
    public static long FreezeBackbone(this Module model, string? classifierName = null)
    {
        string head = classifierName ?? (model as IHasClassifier)?.ClassifierName ?? throw new ArgumentException(
            $"{model.GetName()} has no classifier of its own to leave trainable: pass classifierName (the head's name in the state dict, e.g. \"head\").",
            nameof(classifierName));
        bool InHead(string name) => name == head || name.StartsWith(head + ".", StringComparison.Ordinal);
        var parameters = model.named_parameters().ToList();
        if (!parameters.Any(p => InHead(p.name)))
            throw new ArgumentException($"{model.GetName()} has no parameters under '{head}'; its top-level parts are: "
                + string.Join(", ", model.named_children().Select(c => c.name)) + ".", nameof(classifierName));
        foreach (var (name, parameter) in parameters) parameter.requires_grad = InHead(name);
        foreach (var (name, module) in model.named_modules())
            if (module is BatchNormLayer norm && !InHead(name)) norm.FrozenStatistics = true;
        return model.ParameterCount(trainableOnly: true);
    }

    /// <summary>Makes every parameter trainable and every BatchNorm use batch statistics in training again (fine-tuning after a probe).</summary>
    public static void Unfreeze(this Module model)
    {
        foreach (var parameter in model.parameters()) parameter.requires_grad = true;
        foreach (var module in model.modules())
            if (module is BatchNormLayer norm) norm.FrozenStatistics = false;
    }
}
