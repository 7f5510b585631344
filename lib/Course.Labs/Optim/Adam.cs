using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Labs.Optim;

/// <summary>
/// <c>torch.optim.Adam</c> (L2 weight decay added to the gradient, amsgrad, maximize): TorchSharp's
/// <see cref="TorchSharp.Modules.Adam"/>, same state and state_dict, whose step frees every scalar it makes
/// (see <see cref="Runtime.OwnedScalars"/>; the update is <see cref="AdamUpdate"/>). <see cref="AdamW"/> is this with
/// decoupled weight decay.
/// </summary>
public class Adam : TorchSharp.Modules.Adam
{
    private readonly bool decoupledWeightDecay;

    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
        : this(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay: false) { }

    private protected Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool maximize, bool decoupledWeightDecay)
        : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
        => this.decoupledWeightDecay = decoupledWeightDecay;

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        using var update = new AdamUpdate(group.Options, decoupledWeightDecay);
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (State)_state[param.Handle];
            update.Apply(param, grad, ++state.step, state.exp_avg, state.exp_avg_sq, ref state.max_exp_avg_sq);
        }
    }, closure);
}
