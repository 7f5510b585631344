using TorchSharp;

namespace Course.Labs.Runtime;

/// <summary>
/// Scalars whose lifetime the library controls, for the ops of a training step. TorchSharp 0.107 turns every C# number
/// given to an op (<c>add_(x)</c> is <c>add_(x, 1)</c>, <c>mul_(0.9)</c>, <c>add_(g, alpha: -lr)</c>) into a finalizable
/// <see cref="Scalar"/> that nothing disposes, which costs twice:
/// <list type="number">
/// <item>The native scalar lives until a garbage collection; these small blocks, left between freed activation buffers,
/// fragment glibc's heap. Measured (ResNet-18 training, batch 64): glibc's in-use memory stayed at 232 MB between
/// steps while its free-but-unusable part grew 17 MB a step (RSS 0.9 GB to 1.6 GB in 40 steps, ~5,000 page faults a
/// step); collecting every step kept it at 1.0 GB and ~20 faults a step.</item>
/// <item>Its handle is passed to native code without <c>GC.KeepAlive</c>, so a collection started by another thread
/// can free it while the op still reads it (a use-after-free: "argument alpha must not be a floating point number").</item>
/// </list>
/// The library's per-step code (its BatchNorm counter, residual additions, optimizers) uses these instead: the
/// reference held here keeps each scalar alive until <see cref="Dispose"/> frees it at a known point.
/// </summary>
public sealed class OwnedScalars : IDisposable
{
    private readonly List<Scalar> scalars = [];

    /// <summary>The integer 1, alive for the whole process (never finalized).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>A scalar holding <paramref name="value"/>, freed when this set is disposed.</summary>
    public Scalar Of(double value)
    {
        var scalar = value.ToScalar();
        scalars.Add(scalar);
        return scalar;
    }

    /// <summary>Frees every scalar made by <see cref="Of"/>.</summary>
    public void Dispose()
    {
        foreach (var scalar in scalars) scalar.Dispose();
        scalars.Clear();
    }
}
