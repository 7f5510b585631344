using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Labs.Optim;

/// <summary>
/// <c>torch.optim.SGD</c> (momentum, dampening, Nesterov, weight decay added to the gradient, maximize), TorchSharp's
/// <see cref="TorchSharp.Modules.SGD"/> with the same state and state_dict, whose step frees every scalar it makes at the end of
/// the step instead of leaving one finalizable scalar per parameter and op (see <see cref="OwnedScalars"/>).
/// </summary>
public sealed class Sgd(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
    double weightDecay = 0, bool nesterov = false, bool maximize = false)
    : TorchSharp.Modules.SGD(parameters, lr, momentum, dampening, weightDecay, nesterov, maximize)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        double momentum = options.momentum!.Value, weightDecay = options.weight_decay!.Value;
        bool nesterov = options.nesterov!.Value;
        using var scalars = new OwnedScalars();
        var decay = scalars.Of(weightDecay);
        var momentumScalar = scalars.Of(momentum);
        var gradientShare = scalars.Of(1 - options.dampening!.Value);
        var rate = scalars.Of(options.maximize!.Value ? options.LearningRate!.Value : -options.LearningRate!.Value);
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            if (weightDecay != 0) grad = grad.add(param, decay);
            if (momentum != 0)
            {
                var state = (State)_state[param.Handle];
                var buffer = state.momentum_buffer;
                if (buffer is null) state.momentum_buffer = buffer = grad.clone().detach().DetachFromDisposeScope();
                else buffer.mul_(momentumScalar).add_(grad, gradientShare);
                grad = nesterov ? grad.add(buffer, momentumScalar) : buffer;
            }
            param.add_(grad, rate);
        }
    }, closure);
}
