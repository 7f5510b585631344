using static TorchSharp.torch;

namespace Course.Labs.Losses;

/// <summary>How per-item losses become the loss: PyTorch's none/mean/sum, plus PML's AvgNonZeroReducer.</summary>
public enum LossReduction
{
    /// <summary>The per-item losses, unreduced (PyTorch <c>reduction='none'</c>).</summary>
    None,
    /// <summary>Mean over all items, zeros included (PyTorch's default; BoT's batch-hard).</summary>
    Mean,
    /// <summary>Sum over all items.</summary>
    Sum,
    /// <summary>Sum divided by the number of items with a loss above zero (pytorch-metric-learning's AvgNonZeroReducer; 0 when none).</summary>
    MeanOverNonZero,
}

/// <summary>Applies a <see cref="LossReduction"/> to a tensor of per-item losses.</summary>
public static class LossReductions
{
    public static Tensor Reduce(this Tensor losses, LossReduction reduction) => reduction switch
    {
        LossReduction.None => losses,
        LossReduction.Mean => losses.mean(),
        LossReduction.Sum => losses.sum(),
        // PML: losses.sum() / (losses > 0).sum(), and 0 (still in the graph) when no item is above zero
        LossReduction.MeanOverNonZero => losses.sum() / (losses > 0).sum().clamp_min(1).to(losses.dtype),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
    };
}
