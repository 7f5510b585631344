using System.Text;
using Course.Notebooks.Model;

namespace Course.Grading.Submissions;

/// <summary>
/// Reads a student's notebook as hostile input: the submission (a folder or an .ipynb, named by the student id) must be
/// a regular file with no symbolic link between the submission's own name and it, below a size cap; a FIFO, a device or
/// a link is refused without being opened for reading. In a folder, the notebook named like the key is taken, else the
/// only .ipynb (checkpoints and hidden folders ignored).
/// </summary>
public static class SubmissionFile
{
    private const int MaxDepth = 4, MaxEntries = 10_000;

    /// <summary>The submission's notebook, parsed. <see cref="InvalidDataException"/> or <see cref="IOException"/> say what is wrong.</summary>
    public static Notebook Read(string submission, string keyFileName, long maxBytes)
    {
        string full = Path.GetFullPath(submission.TrimEnd('/', '\\'));
        string parent = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        string relative = IsFolder(full) ? name + "/" + FindNotebook(full, keyFileName) : name;
        var bytes = PosixFiles.ReadBeneath(parent, relative, maxBytes);
        string shown = Path.Combine(parent, relative);
        try { return NotebookFile.Parse(Encoding.UTF8.GetString(bytes)); }
        catch (NotebookFormatException e) { throw new InvalidDataException($"{shown}: {e.Message}"); }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{shown}: not valid JSON ({e.Message})."); }
        catch (InvalidOperationException e) { throw new InvalidDataException($"{shown}: not an nbformat 4 notebook ({e.Message})."); }
    }

    /// <summary>A real folder (not a link to one).</summary>
    private static bool IsFolder(string path) => Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;

    /// <summary>The notebook's path inside <paramref name="folder"/>, relative, with '/' separators.</summary>
    private static string FindNotebook(string folder, string keyFileName)
    {
        var found = new List<string>();
        int seen = 0;
        void Walk(string dir, string prefix, int depth)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                if (++seen > MaxEntries) throw new InvalidDataException($"{folder}: more than {MaxEntries:N0} files; submit the notebook alone.");
                string entryName = Path.GetFileName(entry);
                if (entryName.StartsWith('.')) continue;   // .ipynb_checkpoints, editors' temporary copies
                bool link = new FileInfo(entry).LinkTarget is not null;
                if (!link && Directory.Exists(entry)) { if (depth < MaxDepth) Walk(entry, prefix + entryName + "/", depth + 1); }
                else if (entryName.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) found.Add(prefix + entryName);
            }
        }
        Walk(folder, "", 1);
        if (found.Contains(keyFileName)) return keyFileName;
        return found.Count switch
        {
            1 => found[0],
            0 => throw new InvalidDataException($"{folder}: the folder holds no .ipynb (expected {keyFileName})."),
            _ => throw new InvalidDataException($"{folder}: several notebooks ({string.Join(", ", found.Take(5))}) and none named {keyFileName}."),
        };
    }
}
