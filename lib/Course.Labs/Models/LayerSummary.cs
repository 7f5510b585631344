namespace Course.Labs.Models;

/// <summary>One row of a <see cref="ModelSummary"/>: a leaf layer in the order the forward pass called it.</summary>
/// <param name="Name">Dotted path in the model (as in <c>state_dict</c>), e.g. <c>layer1.0.conv1</c>.</param>
/// <param name="Type">Layer class, e.g. <c>Conv2d</c>.</param>
/// <param name="OutputShape">Output shape for the summary's input, batch first.</param>
/// <param name="Parameters">Parameters the layer itself holds.</param>
public sealed record LayerSummary(string Name, string Type, long[] OutputShape, long Parameters);
