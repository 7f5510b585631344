namespace Course.Labs.Runtime;

/// <summary>
/// Switches libtorch's NNPACK convolutions on or off, as PyTorch's <c>torch.backends.nnpack.set_flags</c> does.
/// On CPUs NNPACK does not support (the course machines' AVX-512 EPYC) libtorch otherwise prints "Could not
/// initialize NNPACK! Reason: Unsupported hardware." to stderr at every evaluation, into the notebook's outputs.
/// <see cref="LabsRuntime.Device"/> switches it off: on x86 oneDNN serves those convolutions anyway.
/// </summary>
public static class Nnpack
{
    /// <summary>Turns NNPACK on or off for the whole process; false when this libtorch build does not allow it.</summary>
    public static bool TrySetEnabled(bool enabled) => AtenContext.TrySet("_ZN2at7Context20setUserEnabledNNPACKEb", enabled);

    /// <summary>Whether NNPACK may be used; null when it cannot be read.</summary>
    public static bool? Enabled => AtenContext.TryGet("_ZNK2at7Context17userEnabledNNPACKEv");
}
