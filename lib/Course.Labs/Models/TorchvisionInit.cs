using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// torchvision's initialisation for ResNet/ResNeXt/VGG: Kaiming-normal (fan-out, ReLU) convolutions, BatchNorm
/// weight 1 and bias 0. Linear layers keep PyTorch's default (ResNet); VGG initialises its classifier itself.
/// </summary>
internal static class TorchvisionInit
{
    public static void Apply(Module model)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    init.kaiming_normal_(conv.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
                    if (conv.bias is not null) init.zeros_(conv.bias);
                    break;
                case BatchNorm bn when bn is Layers.BatchNorm2d or TorchSharp.Modules.BatchNorm2d:
                    init.ones_(bn.weight);
                    init.zeros_(bn.bias);
                    break;
            }
        }
    }
}
