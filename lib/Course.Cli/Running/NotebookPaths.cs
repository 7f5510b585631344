namespace Course.Cli.Running;

/// <summary>Which notebooks a `labs run` means, and the names their outputs get.</summary>
public static class NotebookPaths
{
    /// <summary>
    /// Files as given; folders searched recursively for .ipynb and .dib, skipping hidden files and folders (a name starting with
    /// a dot, as Jupyter does: .ipynb_checkpoints, editors' and tools' temporary copies) and the output folder.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> inputs, string outputFolder)
    {
        var result = new List<string>();
        foreach (var input in inputs)
        {
            var full = Path.GetFullPath(input);
            if (File.Exists(full)) result.Add(full);
            else if (Directory.Exists(full))
                result.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(p => IsNotebook(p) && !IsHidden(Path.GetRelativePath(full, p))
                                && !p.StartsWith(outputFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            else throw new FileNotFoundException($"{input} is neither a notebook nor a folder.");
        }
        return result.Distinct().ToList();
    }

    /// <summary>Whether a file is a notebook labs runs: .ipynb, or Polyglot's .dib.</summary>
    public static bool IsNotebook(string path) => Path.GetExtension(path) is ".ipynb" or ".dib";

    /// <summary>Whether any part of <paramref name="relativePath"/> is hidden (starts with a dot).</summary>
    public static bool IsHidden(string relativePath)
        => relativePath.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.'));

    /// <summary>Output base names: the file name, with -2, -3... when two notebooks share one.</summary>
    public static Dictionary<string, string> OutputNames(IReadOnlyList<string> notebooks)
    {
        var names = new Dictionary<string, string>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var nb in notebooks)
        {
            var stem = Path.GetFileNameWithoutExtension(nb);
            var name = stem;
            for (var i = 2; !used.Add(name); i++) name = $"{stem}-{i}";
            names[nb] = name;
        }
        return names;
    }
}
