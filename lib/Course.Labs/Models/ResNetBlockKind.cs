namespace Course.Labs.Models;

/// <summary>The residual unit a ResNet stacks: two 3x3 convolutions (ResNet-18/34) or 1x1-3x3-1x1 (ResNet-50 and deeper).</summary>
public enum ResNetBlockKind
{
    /// <summary>Two 3x3 convolutions, expansion 1.</summary>
    Basic,
    /// <summary>1x1 reduce, 3x3, 1x1 expand (x4); stride on the 3x3 as in torchvision (ResNet v1.5).</summary>
    Bottleneck,
}
