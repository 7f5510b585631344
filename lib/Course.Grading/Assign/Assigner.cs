using System.Text.Json.Nodes;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Assign;

/// <summary>
/// Makes the student version of an instructor notebook, as nbgrader's generate_assignment does: solutions replaced
/// by a stub, hidden tests removed, outputs cleared, test/locked/task cells read-only, checksums recorded
/// (schema version 3), so nbgrader-aware tools read it. The result declares this host's kernel and keeps the Polyglot
/// metadata (<see cref="KernelIdentity"/>).
/// </summary>
public static class Assigner
{
    /// <summary>The student version of <paramref name="key"/>; <paramref name="path"/> names the file in errors.</summary>
    public static Notebook StudentVersion(Notebook key, string path)
    {
        var problems = GradingCell.Validate(key, path);
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems));

        var nb = key.Clone();
        nb.Metadata.Remove("papermill");
        KernelIdentity.Apply(nb.Metadata);   // students' front ends pick the kernel `labs kernel install` writes
        foreach (var (cell, index) in nb.Cells.Select((c, i) => (c, i + 1)))
        {
            string where = $"{path}, cell {index} (id {cell.Id})";
            StudentCell(cell, where);
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            cell.Metadata.Remove("papermill");
            cell.Metadata.Remove("execution");
        }
        return nb;
    }

    /// <summary>Rewrites one cell for students (used by assign, and by grading to know what an untouched answer looks like).</summary>
    public static void StudentCell(Cell cell, string where)
    {
        var kind = GradingCell.Kind(cell);
        bool markers = SourceMarkers.HasSolution(cell.Source);
        switch (kind)
        {
            case GradingKind.AutogradedAnswer or GradingKind.ManualAnswer:
                cell.Source = cell.IsCode
                    ? SourceMarkers.ReplaceSolutions(cell.Source, SourceMarkers.CodeStub, where)
                    : markers ? SourceMarkers.ReplaceSolutions(cell.Source, [SourceMarkers.MarkdownStub], where) : SourceMarkers.MarkdownStub;
                break;
            case GradingKind.AutograderTest:
                if (markers) throw new FormatException($"{where}: a test cell holds a solution region; move the solution to an answer cell.");
                cell.Source = SourceMarkers.RemoveHiddenTests(cell.Source, where);
                break;
            default:
                if (markers) throw new FormatException($"{where}: a solution region in a cell that is not an answer cell (set nbgrader solution: true).");
                if (SourceMarkers.HasHiddenTests(cell.Source)) throw new FormatException($"{where}: hidden tests in a cell that is not a test cell.");
                break;
        }
        if (kind is GradingKind.AutograderTest or GradingKind.Locked or GradingKind.Task)
        {
            cell.Metadata["editable"] = false;
            cell.Metadata["deletable"] = false;
        }
        if (GradingCell.Metadata(cell) is JsonObject meta)
        {
            meta["schema_version"] = GradingCell.SchemaVersion;
            meta["locked"] = GradingCell.IsLocked(cell);
            meta["checksum"] = GradingCell.Checksum(cell);
        }
    }

    /// <summary>
    /// Writes the student version of a notebook, or of every .ipynb in a folder (recursively, keeping the layout and
    /// copying the profiles files beside them), to <paramref name="outputFolder"/>. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Run(string input, string outputFolder)
    {
        var written = new List<string>();
        if (File.Exists(input))
        {
            written.Add(WriteOne(input, Path.Combine(outputFolder, Path.GetFileName(input))));
            CopyProfiles(input, outputFolder);
            return written;
        }
        if (!Directory.Exists(input))
            throw new FileNotFoundException($"{input}: no such notebook or folder. Give an instructor .ipynb or a folder of them.");
        foreach (var file in Directory.EnumerateFiles(input, "*.ipynb", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // Hidden files and folders (.ipynb_checkpoints, editors' and tools' working copies) are never handouts.
            if (Path.GetRelativePath(input, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part.StartsWith('.'))) continue;
            string target = Path.Combine(outputFolder, Path.GetRelativePath(input, file));
            written.Add(WriteOne(file, target));
            CopyProfiles(file, Path.GetDirectoryName(target)!);
        }
        if (written.Count == 0) throw new FileNotFoundException($"{input}: the folder holds no .ipynb notebook.");
        return written;
    }

    private static string WriteOne(string source, string target)
    {
        var student = StudentVersion(NotebookFile.Read(source), source);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        NotebookFile.Write(student, target);
        return target;
    }

    private static void CopyProfiles(string notebook, string folder)
    {
        string profiles = Path.ChangeExtension(notebook, ".profiles.json");
        if (File.Exists(profiles)) File.Copy(profiles, Path.Combine(folder, Path.GetFileName(profiles)), overwrite: true);
    }
}
