using Course.Notebooks.Dialect;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Grading.Sandbox;

/// <summary>
/// What the key's cells load, found as the engine finds it (cell by cell): the <c>#r</c>'d DLLs, the package files
/// their .deps.json lists, and the <c>#r "nuget:"</c> restores (restored here, outside the sandbox, which has no
/// network). The sandbox shows exactly these; the shadowing check compiles against the managed ones.
/// </summary>
/// <param name="Dlls">The <c>#r</c>'d DLLs, full paths.</param>
/// <param name="Managed">Every managed assembly the key's code compiles against beyond the engine's defaults.</param>
/// <param name="Files">Every file a reference loads (managed and native), for the sandbox's views.</param>
/// <param name="RestoreFolders">The restore cache entries the engine reads for the key's package sets.</param>
/// <param name="PackageFolders">The package folders of every package the DLLs' .deps.json name (some bring only content, such as weights).</param>
public sealed record KeyReferences(IReadOnlyList<string> Dlls, IReadOnlyList<string> Managed, IReadOnlyList<string> Files, IReadOnlyList<string> RestoreFolders,
    IReadOnlyList<string> PackageFolders)
{
    /// <summary>The references of the key at <paramref name="keyPath"/>; a missing DLL is a <see cref="FileNotFoundException"/> saying to build it.</summary>
    public static KeyReferences Of(string keyPath, Notebook key, NuGetRestorer restorer)
    {
        string keyFolder = Path.GetDirectoryName(Path.GetFullPath(keyPath))!;
        var dlls = new List<string>();
        var managed = new List<string>();
        var files = new List<string>();
        var folders = new List<string>();
        foreach (var cell in key.Cells.Where(c => c.IsCode))
        {
            CellDirectives directives;
            try { directives = DirectiveParser.Parse(cell.Source); }
            catch (DirectiveException) { continue; }
            foreach (var dll in directives.Assemblies)
            {
                var path = Path.GetFullPath(Path.Combine(keyFolder, dll));
                if (!File.Exists(path)) throw new FileNotFoundException($"{keyPath}: #r \"{dll}\": {path} does not exist; build it before grading.");
                dlls.Add(path);
                managed.Add(path);
                var (depsManaged, depsNative) = DepsJson.Read(path);
                managed.AddRange(depsManaged.Where(d => !NuGetRestorer.IsFrameworkAssembly(d)));
                files.AddRange(depsManaged.Concat(depsNative));
                folders.AddRange(DepsJson.PackageFolders(path));
            }
        }
        // The #r "nuget:" sets, restored now as the run will ask for them (outside: the sandbox has no network).
        var restored = NotebookPackages.Restore(keyPath, restorer);
        foreach (var set in restored)
        {
            managed.AddRange(set.Resolution.ManagedAssemblies);
            files.AddRange(set.Resolution.ManagedAssemblies.Concat(set.Resolution.NativeLibraries));
        }
        return new KeyReferences(dlls.Distinct().ToList(), managed.Distinct().ToList(), files.Distinct().ToList(),
            restored.Select(r => r.CacheFolder).Distinct().ToList(), folders.Distinct().ToList());
    }
}
