using TorchSharp.Modules;

namespace Course.Labs.Optim;

/// <summary>
/// <c>torch.optim.AdamW</c>: <see cref="Adam"/> with decoupled weight decay (p shrinks by lr x weight_decay before
/// the Adam update; PyTorch's default weight_decay 0.01).
/// </summary>
public sealed class AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 0.01, bool amsgrad = false, bool maximize = false)
    : Adam(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay: true);
