using System.Diagnostics;
using System.Security.Cryptography;
using Course.Grading.Assign;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Grading.Tests.Hostile;

/// <summary>
/// A course checkout as an instructor has it, in a temporary folder: repo/ with Course.sln, the key in notebooks/
/// beside another lab's key, the library the key's cells load (#r "../lib/Helper/Helper.dll", compiled here), a data set,
/// the native fix manifest; submissions/ (one folder per student); out/ for the grader.
/// </summary>
public sealed class ClassTree : IDisposable
{
    /// <summary>Text only the key's solution holds.</summary>
    public const string SolutionMarker = "return x * x;";
    /// <summary>Text only the key's hidden test holds.</summary>
    public const string HiddenMarker = "Square(-4)";
    /// <summary>Text only the other lab's key holds.</summary>
    public const string OtherLabMarker = "OTHER-LAB-SOLUTION-7f3a";
    /// <summary>Text the data set holds (the sandbox shows it).</summary>
    public const string DataMarker = "DATA-VISIBLE-5c1d";

    public string Root { get; } = Directory.CreateTempSubdirectory("class-").FullName;
    public string Repo => Path.Combine(Root, "repo");
    public string KeyPath => Path.Combine(Repo, "notebooks", "squares.ipynb");
    public string HelperDll => Path.Combine(Repo, "lib", "Helper", "Helper.dll");
    public string NativeFixes => Path.Combine(Repo, "environment", ".native", "native-fixes.json");
    public string DataFile => Path.Combine(Repo, "data", "digits", "0.json");
    public string Submissions => Path.Combine(Root, "submissions");
    public string Output => Path.Combine(Root, "out");
    private readonly List<string> specialFiles = [];

    public ClassTree()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(Path.Combine(Repo, "Course.sln"), "");
        NotebookFile.Write(Key(), KeyPath);
        var other = Lab.Key();
        Lab.ById(other, "square").Source = $"// {OtherLabMarker}\nint Square(int x) => x * x;";
        NotebookFile.Write(other, Path.Combine(Repo, "notebooks", "other-lab.ipynb"));
        CompileHelper(HelperDll);
        Directory.CreateDirectory(Path.GetDirectoryName(DataFile)!);
        File.WriteAllText(DataFile, $"{{\"data\": \"{DataMarker}\"}}");
        string replacement = Path.Combine(Repo, "environment", ".native", "ABC123", "libfake.so");
        Directory.CreateDirectory(Path.GetDirectoryName(replacement)!);
        File.WriteAllBytes(replacement, [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        File.WriteAllText(NativeFixes, $"[{{\"original\": \"{Path.Combine(Repo, "lib", "Helper", "libfake.so")}\", \"replacement\": \"{replacement}\"}}]");
        Directory.CreateDirectory(Submissions);
    }

    /// <summary>The key: Lab.Key() with a locked cell that loads the library right after the setup.</summary>
    public static Notebook Key()
    {
        var key = Lab.Key();
        var library = Lab.Graded(Cell.Code("#r \"../lib/Helper/Helper.dll\"\nvar twice = Helper.Twice(offset);"), "library", grade: false, solution: false, locked: true);
        key.Cells.Insert(key.Cells.IndexOf(Lab.ById(key, "setup")) + 1, library);
        key.NormalizeIds();
        return key;
    }

    /// <summary>The student version of the key with <paramref name="edit"/> applied, saved as submissions/STUDENT/squares.ipynb.</summary>
    public string Submit(string student, Action<Notebook> edit)
    {
        var nb = Assigner.StudentVersion(Key(), KeyPath);
        edit(nb);
        string folder = Path.Combine(Submissions, student);
        Directory.CreateDirectory(folder);
        NotebookFile.Write(nb, Path.Combine(folder, "squares.ipynb"));
        return folder;
    }

    /// <summary>Sets the answer cell's source.</summary>
    public static void Answer(Notebook nb, string code) => Lab.ById(nb, "square").Source = code;

    /// <summary>A FIFO (made with mkfifo): never opened for reading by the snapshot.</summary>
    public void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var p = Process.Start("mkfifo", [path])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        specialFiles.Add(path);
    }

    /// <summary>SHA-256 of every file below <paramref name="folder"/> (links by their target), but <paramref name="except"/>.</summary>
    public Dictionary<string, string> Snapshot(string folder, string? except = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(string dir)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(dir))
            {
                if (except is not null && (entry == except || entry.StartsWith(except + "/", StringComparison.Ordinal))) continue;
                var info = new FileInfo(entry);
                if (info.LinkTarget is { } target) result[entry] = "link " + target;
                else if (Directory.Exists(entry)) { result[entry] = "folder"; Walk(entry); }
                else if (specialFiles.Contains(entry)) result[entry] = "special";
                else result[entry] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry)));
            }
        }
        Walk(folder);
        return result;
    }

    private static void CompileHelper(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tree = CSharpSyntaxTree.ParseText("public static class Helper { public static int Twice(int x) => 2 * x; }");
        var compilation = CSharpCompilation.Create("Helper", [tree], [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
