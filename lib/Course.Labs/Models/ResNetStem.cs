namespace Course.Labs.Models;

/// <summary>The first layers of a ResNet, chosen by input size.</summary>
public enum ResNetStem
{
    /// <summary>7x7 stride-2 convolution and 3x3 stride-2 max-pool, for 224x224 inputs (torchvision).</summary>
    ImageNet,
    /// <summary>3x3 stride-1 convolution and no max-pool, for 28-32 px inputs (MNIST, CIFAR).</summary>
    Cifar,
}
