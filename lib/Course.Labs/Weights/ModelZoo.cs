using Course.Labs.Data.Transforms;
using Course.Labs.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Weights;

/// <summary>
/// The original lab's <c>get_model</c>: a network by name, ImageNet-pretrained or not, with a new classifier for the task
/// (<c>model.fc = nn.Linear(512, num_class)</c>, <c>model.classifier[6] = nn.Linear(4096, num_class)</c>, ...).
/// <list type="bullet">
/// <item><c>"resnet18"</c>: the ResNet-18 that ships with the course (<see cref="Pretrained.ResNet18ImageNet(long, long, Action{string})"/>,
/// CNTK's layout: one more block in the last stage than torchvision's); untrained, the same network. Inputs through
/// <see cref="ResNet18ImageNetPreprocess"/>.</item>
/// <item>torchvision's names (<see cref="TorchvisionModels.Names"/>: alexnet, vgg11..vgg19_bn, resnet34, resnet50,
/// resnext50_32x4d, densenet121, squeezenet1_0, squeezenet1_1, ...): pretrained from weights converted from torchvision
/// (<see cref="TorchvisionWeights"/>). Inputs through <see cref="ImageNetNormalize"/>.</item>
/// </list>
/// </summary>
public static class ModelZoo
{
    /// <summary>The course's own ImageNet ResNet-18 (pretrained weights from its NuGet package).</summary>
    public const string CourseResNet18 = "resnet18";

    /// <summary>Every name <see cref="GetModel"/> takes.</summary>
    public static IReadOnlyList<string> Architectures { get; } = [CourseResNet18, .. TorchvisionModels.Names.Where(n => n != CourseResNet18)];

    /// <summary>
    /// <paramref name="arch"/> with <paramref name="numClasses"/> outputs. With <paramref name="pretrained"/> the body has
    /// ImageNet weights and the classifier is new (PyTorch's default initialisation, as the original lab's replacement
    /// layer), unless the weights' own classifier already has <paramref name="numClasses"/> outputs (1000), which is kept.
    /// Every model returned is an <see cref="IHasClassifier"/>, so <c>model.FreezeBackbone()</c> makes it a linear probe.
    /// </summary>
    /// <param name="arch">A name of <see cref="Architectures"/>.</param>
    /// <param name="numClasses">Classes of the new task.</param>
    /// <param name="pretrained">ImageNet weights (see the class summary for where they come from).</param>
    /// <param name="weightsFolder">A folder of converted torchvision weights searched first (<see cref="TorchvisionWeights"/>).</param>
    /// <param name="log">Hears the one-time conversion of the course's ResNet-18 (Console.Out when null).</param>
    public static Module<Tensor, Tensor> GetModel(string arch, long numClasses, bool pretrained = false, string? weightsFolder = null, Action<string>? log = null)
    {
        if (!Architectures.Contains(arch))
            throw new ArgumentException($"Unknown architecture '{arch}': use one of {string.Join(", ", Architectures)}.", nameof(arch));
        if (numClasses <= 0) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "numClasses must be positive.");
        if (arch == CourseResNet18)
            return pretrained ? Pretrained.ResNet18ImageNet(numClasses, log: log) : ResNet.CntkResNet18(numClasses);

        var model = TorchvisionModels.Create(arch, numClasses);
        if (!pretrained) return model;
        try
        {
            string head = ((IHasClassifier)model).ClassifierName!;
            bool keepHead = numClasses == 1000;
            TorchvisionWeights.Load(model, arch, weightsFolder, keepHead ? [] : [head]);
            if (!keepHead) ResetToPyTorchDefault(model, head);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The input transform the model's pretrained weights expect (and its untrained twin, for a like-for-like comparison).</summary>
    public static ITransform Preprocessing(string arch, Action<string>? log = null)
    {
        if (!Architectures.Contains(arch))
            throw new ArgumentException($"Unknown architecture '{arch}': use one of {string.Join(", ", Architectures)}.", nameof(arch));
        return arch == CourseResNet18 ? Pretrained.ResNet18ImageNetPreprocess(log) : new ImageNetNormalize();
    }

    /// <summary>The layer <paramref name="name"/> of <paramref name="model"/> initialised as a new <c>nn.Linear</c> or <c>nn.Conv2d</c> would be.</summary>
    private static void ResetToPyTorchDefault(Module model, string name)
    {
        var layer = model.named_modules().Single(m => m.name == name).module;
        using var noGrad = no_grad();
        switch (layer)
        {
            case Conv2d conv:
                conv.reset_parameters();
                break;
            case Linear linear:
                init.kaiming_uniform_(linear.weight, a: Math.Sqrt(5));
                double bound = 1 / Math.Sqrt(linear.weight.shape[1]);
                if (linear.bias is not null) init.uniform_(linear.bias, -bound, bound);
                break;
            default:
                throw new InvalidOperationException($"The classifier '{name}' is a {layer.GetType().Name}, not a Linear or Conv2d.");
        }
    }
}
