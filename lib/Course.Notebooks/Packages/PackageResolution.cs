namespace Course.Notebooks.Packages;

/// <summary>The assets of a set of restored packages: managed assemblies to reference and native libraries to load.</summary>
public sealed record PackageResolution(
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyList<string> ManagedAssemblies,
    IReadOnlyList<string> NativeLibraries,
    bool FromCache);
