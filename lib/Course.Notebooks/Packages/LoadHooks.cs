using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace Course.Notebooks.Packages;

/// <summary>
/// Process-wide hooks that let assemblies loaded by notebooks find their dependencies: managed ones in the
/// folders of <c>#r</c>'d DLLs and restored packages, native ones among the restored packages' native assets
/// (through each such assembly's DllImport resolver and the default context's unmanaged-library event),
/// with <see cref="NativeFixes"/> applied.
/// </summary>
public static class LoadHooks
{
    private static readonly ConcurrentDictionary<string, string> Managed = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, string> Natives = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte> ManagedFolders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();
    private static bool installed;
    private static NativeFixes fixes = NativeFixes.None;
    private static readonly bool Trace = Environment.GetEnvironmentVariable("LABS_TRACE_LOADING") == "1";

    /// <summary>With LABS_TRACE_LOADING=1, loading decisions are written to the process's standard error.</summary>
    private static void Log(string message)
    {
        if (Trace) Output.ConsoleCapture.OriginalError.WriteLine("labs loading: " + message);
    }

    /// <summary>Installs the hooks once and sets the native fixes to apply.</summary>
    public static void Install(NativeFixes nativeFixes)
    {
        lock (Gate)
        {
            if (nativeFixes.Count > 0 || fixes.Count == 0) fixes = nativeFixes;
            if (installed) return;
            installed = true;
            AssemblyLoadContext.Default.Resolving += (_, name) => ResolveManaged(name);
            AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) => ResolveNative(name);
            AppDomain.CurrentDomain.AssemblyLoad += (_, e) => OnAssemblyLoad(e.LoadedAssembly);
        }
    }

    /// <summary>Makes managed assemblies findable by simple name.</summary>
    public static void AddManaged(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            Managed.TryAdd(Path.GetFileNameWithoutExtension(p), p);
            ManagedFolders.TryAdd(Path.GetDirectoryName(p)!, 0);
        }
    }

    /// <summary>Makes native libraries findable by their DllImport names (libfoo.so answers "foo" and "libfoo").</summary>
    public static void AddNatives(IEnumerable<string> paths)
    {
        foreach (var p in paths) Natives.TryAdd(NativeKey(Path.GetFileName(p)), p);
    }

    /// <summary>Makes a #r'd DLL's folder a source of its managed dependencies and native libraries.</summary>
    public static void AddAssemblyFolder(string folder)
    {
        ManagedFolders.TryAdd(folder, 0);
        foreach (var dll in Directory.EnumerateFiles(folder, "*.dll")) Managed.TryAdd(Path.GetFileNameWithoutExtension(dll), dll);
        var nativeFolders = new[] { folder }.Concat(NuGetRestorer.RuntimeFallbacks().Select(r => Path.Combine(folder, "runtimes", r, "native")));
        foreach (var dir in nativeFolders.Where(Directory.Exists))
            AddNatives(Directory.EnumerateFiles(dir).Where(IsNativeFile));
    }

    private static bool IsNativeFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".so", StringComparison.Ordinal) || name.Contains(".so.", StringComparison.Ordinal)
            || name.EndsWith(".dylib", StringComparison.Ordinal);
    }

    /// <summary>The name a native library answers to: no "lib" prefix, no extension or version suffix.</summary>
    public static string NativeKey(string name)
    {
        var n = name;
        foreach (var ext in new[] { ".dll", ".dylib" })
            if (n.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) n = n[..^ext.Length];
        var so = n.IndexOf(".so", StringComparison.Ordinal);
        if (so > 0 && (so + 3 == n.Length || n[so + 3] == '.')) n = n[..so];
        if (n.StartsWith("lib", StringComparison.Ordinal) && n.Length > 3) n = n[3..];
        return n;
    }

    /// <summary>
    /// Loads now the registered natives that these managed assemblies import (their DllImport module names), each
    /// after the registered natives it links against. Done before any of their code runs, so that a library's own
    /// probing by bare name (e.g. TorchSharp's) finds these already loaded rather than a system copy of another version.
    /// </summary>
    public static void PreloadImportedNatives(IEnumerable<string> managedAssemblies)
    {
        foreach (var assembly in managedAssemblies)
        foreach (var module in ModuleReferences(assembly))
            if (Natives.TryGetValue(NativeKey(module), out var path) && !Loaded.ContainsKey(path))
                TryLoadWithDependencies(path, depth: 0, out _);
    }

    private static IEnumerable<string> ModuleReferences(string assemblyPath)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(assemblyPath));
            if (!pe.HasMetadata) return [];
            var metadata = pe.GetMetadataReader();
            return Enumerable.Range(1, metadata.GetTableRowCount(TableIndex.ModuleRef))
                .Select(row => metadata.GetString(metadata.GetModuleReference(MetadataTokens.ModuleReferenceHandle(row)).Name))
                .ToList();
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException) { return []; }
    }

    private static Assembly? ResolveManaged(AssemblyName name)
    {
        if (name.Name is null) return null;
        if (Managed.TryGetValue(name.Name, out var path) && File.Exists(path))
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        foreach (var folder in ManagedFolders.Keys)
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(candidate)) return AssemblyLoadContext.Default.LoadFromAssemblyPath(candidate);
        }
        return null;
    }

    private static void OnAssemblyLoad(Assembly assembly)
    {
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location)) return;
        var folder = Path.GetDirectoryName(assembly.Location)!;
        if (!ManagedFolders.ContainsKey(folder) && !Managed.Values.Contains(assembly.Location)) return;
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => ResolveNative(name));
            Log($"native resolver set for {assembly.Location}");
        }
        catch (InvalidOperationException) { Log($"{assembly.Location} has its own native resolver"); }
    }

    /// <summary>Loads a registered native library by its DllImport name (fixed copy first); zero when unknown.</summary>
    public static IntPtr ResolveNative(string name)
    {
        if (!Natives.TryGetValue(NativeKey(Path.GetFileName(name)), out var path))
        {
            Log($"native '{name}' is not a registered asset");
            return IntPtr.Zero;
        }
        return TryLoadWithDependencies(path, depth: 0, out var handle) ? handle : IntPtr.Zero;
    }

    /// <summary>
    /// Loads a native library after those it links against (DT_NEEDED) that are registered natives too: they live
    /// in other packages' folders, where the loader would not look, and a system copy (e.g. an older libtorch from
    /// a distribution package) must not be picked up instead.
    /// </summary>
    private static bool TryLoadWithDependencies(string path, int depth, out IntPtr handle)
    {
        if (Loaded.TryGetValue(path, out handle)) return true;
        var file = fixes.Map(path);
        if (depth < 16)
            foreach (var needed in ElfNeeded.Read(file))
                if (Natives.TryGetValue(NativeKey(needed), out var dependency) && dependency != path)
                    TryLoadWithDependencies(dependency, depth + 1, out _);
        if (!NativeLibrary.TryLoad(file, out handle))
        {
            Log($"failed to load {file}");
            return false;
        }
        Log($"loaded {file}");
        Loaded[path] = handle;
        return true;
    }
}
