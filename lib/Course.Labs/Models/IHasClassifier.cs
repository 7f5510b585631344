namespace Course.Labs.Models;

/// <summary>
/// A network whose last layer is a classifier: what transfer learning replaces for a new task and what a linear probe
/// trains alone (<see cref="ModelFreezing.FreezeBackbone"/>).
/// </summary>
public interface IHasClassifier
{
    /// <summary>The classifier's name in the state dict (<c>fc</c>, <c>classifier.6</c>, ...), or null when the network has none (features out).</summary>
    string? ClassifierName { get; }
}
