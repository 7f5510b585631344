using Course.Notebooks.Dialect;
using Course.Notebooks.Model;

namespace Course.Notebooks.Packages;

/// <summary>
/// Restores a notebook's <c>#r "nuget:"</c> packages ahead of time, the way running it would: cell after cell, each
/// cell's <c>#i</c> sources added and its new packages restored together with those before them, so the package sets
/// and sources are exactly those its cells will ask for and each later resolves from the cache without a restore.
/// A student's set-up does this once, so the first cell does not wait for a download and native fixes can be applied
/// to the restored libraries before any cell loads them.
/// </summary>
public static class NotebookPackages
{
    /// <summary>One package set restored for a notebook: the packages asked for, what the restore resolved, and the restore cache folder it lives in.</summary>
    public sealed record Restored(IReadOnlyList<PackageReference> Packages, PackageResolution Resolution, string CacheFolder);

    /// <summary>Restores every package set <paramref name="notebookPath"/>'s cells reference; cells whose directives do not parse are left to the run to report.</summary>
    public static IReadOnlyList<Restored> Restore(string notebookPath, NuGetRestorer restorer, CancellationToken cancel = default)
    {
        var notebook = NotebookFile.Read(notebookPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        var loaded = new Dictionary<string, PackageReference>(StringComparer.OrdinalIgnoreCase);
        var sources = new List<string>();
        var restored = new List<Restored>();
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            CellDirectives directives;
            try { directives = DirectiveParser.Parse(cell.Source); }
            catch (DirectiveException) { continue; }
            sources.AddRange(directives.Sources.Select(s => NuGetRestorer.ResolveSource(s, folder)).Where(s => !sources.Contains(s)));
            var requested = directives.Packages.Where(p => !loaded.ContainsKey(p.Name)).ToList();
            if (requested.Count == 0) continue;
            var all = loaded.Values.Concat(requested).ToList();
            restored.Add(new Restored(all, restorer.Resolve(all, sources, cancel), restorer.CacheFolder(all, sources)));
            foreach (var p in requested) loaded[p.Name] = p;
        }
        return restored;
    }
}
