namespace Course.Notebooks.Execution;

/// <summary>
/// The environment every process that runs notebook code gets from the project (the <c>labs run</c> child, the
/// Jupyter kernel); a variable the user already set is left as it is.
/// </summary>
public static class NotebookProcessEnvironment
{
    /// <summary>The variables and their values.</summary>
    public static IReadOnlyList<(string Name, string Value)> Variables { get; } =
    [
        // (glibc's malloc thresholds, which TorchSharp training needs, are the labs library's to set: it calls mallopt
        // when it loads, see Course.Labs.Runtime.LabsRuntime; the engine knows nothing of TorchSharp.)
        // A 256 MiB generation-0 budget (hex): training then collects about once a minute instead of every ~6 steps.
        // It also narrows a TorchSharp 0.107 race for code that uses TorchSharp's own optimizers and layers: their
        // implicit Scalars are freed by their finalizer while the native call that uses them may still run, when a
        // DataLoader thread triggers a collection meanwhile ("For integral input tensors, argument alpha must not be a
        // floating point number", seen once in lab 4). The library's layers and optimizers make no such Scalars
        // (Course.Labs.Runtime.OwnedScalars).
        ("DOTNET_GCgen0size", "0x10000000"),
    ];

    /// <summary>Sets every variable a child's environment (a copy of this process's) does not already define.</summary>
    public static void ApplyTo(IDictionary<string, string?> environment)
    {
        foreach (var (name, value) in Variables) environment.TryAdd(name, value);
    }
}
