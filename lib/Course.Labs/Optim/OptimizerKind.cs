namespace Course.Labs.Optim;

/// <summary>The optimizers the trainer builds (PyTorch's torch.optim semantics).</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum and Nesterov; weight decay added to the gradient.</summary>
    Sgd,
    /// <summary>Adam; weight decay added to the gradient (L2).</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
}
