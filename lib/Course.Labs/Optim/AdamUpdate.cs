using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Optim;

/// <summary>
/// One parameter group's Adam/AdamW update as torch.optim computes it (Kingma and Ba, Algorithm 1, with PyTorch's
/// eps placement and amsgrad): m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Weight decay is added to g (Adam, L2) or, decoupled,
/// shrinks p by lr x weight_decay first (AdamW). Used inside the optimizer's no-grad dispose scope; disposing it
/// frees the scalars of the group's step.
/// </summary>
internal sealed class AdamUpdate : IDisposable
{
    private readonly OwnedScalars scalars = new();
    private readonly double lr, beta1, beta2;
    private readonly bool amsgrad, maximize;
    private readonly Scalar beta1Scalar, beta1Complement, beta2Scalar, beta2Complement, eps;
    private readonly Scalar? decay, shrink;

    public AdamUpdate(TorchSharp.Modules.Adam.Options o, bool decoupled) : this(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, decoupled, o.amsgrad!.Value, o.maximize!.Value) { }

    private AdamUpdate(double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled, bool amsgrad, bool maximize)
    {
        (this.lr, this.beta1, this.beta2, this.amsgrad, this.maximize) = (lr, beta1, beta2, amsgrad, maximize);
        (beta1Scalar, beta1Complement) = (scalars.Of(beta1), scalars.Of(1 - beta1));
        (beta2Scalar, beta2Complement) = (scalars.Of(beta2), scalars.Of(1 - beta2));
        this.eps = scalars.Of(eps);
        if (weightDecay != 0 && decoupled) shrink = scalars.Of(1 - lr * weightDecay);
        else if (weightDecay != 0) decay = scalars.Of(weightDecay);
    }

    /// <summary>Updates <paramref name="param"/> (gradient <paramref name="grad"/>) in place at step <paramref name="step"/> (counted from 1) with its moment estimates.</summary>
    public void Apply(Tensor param, Tensor grad, long step, Tensor expAvg, Tensor expAvgSq, ref Tensor maxExpAvgSq)
    {
        if (maximize) grad = grad.neg();
        if (shrink is not null) param.mul_(shrink);
        if (decay is not null) grad = grad.add(param, decay);
        double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
        expAvg.mul_(beta1Scalar).add_(grad, beta1Complement);
        expAvgSq.mul_(beta2Scalar).addcmul_(grad, grad, beta2Complement);
        Tensor second = expAvgSq;
        if (amsgrad)
        {
            var previous = maxExpAvgSq;
            maxExpAvgSq = maximum(previous, expAvgSq).DetachFromDisposeScope();
            previous.Dispose();
            second = maxExpAvgSq;
        }
        var denominator = second.sqrt().div_(scalars.Of(Math.Sqrt(correction2))).add_(eps);
        param.addcdiv_(expAvg, denominator, scalars.Of(-lr / correction1));
    }

    public void Dispose() => scalars.Dispose();
}
