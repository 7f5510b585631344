using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grading.Assign;
using Course.Grading.Nbgrader;
using Course.Notebooks.Model;

namespace Course.Grading.Tests;

public sealed class AssignerTests
{
    [Fact]
    public void Solutions_become_stubs_and_hidden_tests_disappear()
    {
        var student = Assigner.StudentVersion(Lab.Key(), "key.ipynb");
        string answer = Lab.ById(student, "square").Source;
        Assert.Contains("// YOUR CODE HERE", answer);
        Assert.Contains("throw new NotImplementedException();", answer);
        Assert.DoesNotContain("x * x", answer);
        Assert.StartsWith("int Square(int x)", answer);                       // code around the region stays
        Assert.Contains("    // YOUR CODE HERE", answer);                      // indented like the BEGIN line

        string test = Lab.ById(student, "square_test").Source;
        Assert.Contains("Square(3) != 9", test);
        Assert.DoesNotContain("Square(-4)", test);
        Assert.DoesNotContain("HIDDEN", test);
        Assert.Equal("YOUR ANSWER HERE", Lab.ById(student, "why_sign").Source);
    }

    [Fact]
    public void Nothing_of_the_solutions_reaches_the_student_file()
    {
        var key = Lab.Key();
        Lab.ById(key, "square_test").Outputs.Add(Outputs.Stream("stdout", "hidden check: 16"));
        string text = NotebookFile.Serialize(Assigner.StudentVersion(key, "key.ipynb"));
        Assert.DoesNotContain("x * x", text);
        Assert.DoesNotContain("Square(-4)", text);
        Assert.DoesNotContain("(-x)(-x)", text);
        Assert.DoesNotContain("hidden check", text);   // outputs cleared
    }

    [Fact]
    public void Test_locked_cells_are_read_only_answers_are_not()
    {
        var student = Assigner.StudentVersion(Lab.Key(), "key.ipynb");
        foreach (var id in new[] { "setup", "square_test", "square_partial" })
        {
            var cell = Lab.ById(student, id);
            Assert.False((bool)cell.Metadata["editable"]!);
            Assert.False((bool)cell.Metadata["deletable"]!);
            Assert.True(GradingCell.IsLocked(cell));
        }
        Assert.Null(Lab.ById(student, "square").Metadata["editable"]);
        Assert.False(GradingCell.IsLocked(Lab.ById(student, "why_sign")));
    }

    [Fact]
    public void Checksums_follow_nbgraders_compute_checksum()
    {
        var student = Assigner.StudentVersion(Lab.Key(), "key.ipynb");
        foreach (var cell in student.Cells.Where(c => GradingCell.Metadata(c) is not null))
        {
            var meta = GradingCell.Metadata(cell)!;
            Assert.Equal(3, (int)meta["schema_version"]!);
            Assert.Equal(NbgraderChecksum(cell), (string)meta["checksum"]!);
        }
    }

    /// <summary>nbgrader.utils.compute_checksum, run by Python on the same cell (Python's own str() spellings).</summary>
    private static string NbgraderChecksum(Cell cell)
    {
        var meta = GradingCell.Metadata(cell)!;
        var input = new JsonObject
        {
            ["source"] = cell.Source, ["cell_type"] = cell.CellType, ["grade"] = GradingCell.IsGrade(cell), ["solution"] = GradingCell.IsSolution(cell),
            ["locked"] = GradingCell.IsLocked(cell), ["grade_id"] = (string)meta["grade_id"]!, ["points"] = meta["points"]?.DeepClone(),
        };
        const string script = """
            import hashlib, json, sys
            c = json.load(sys.stdin)
            m = hashlib.md5()
            m.update(c['source'].encode('utf-8'))
            m.update(c['cell_type'].encode('utf-8'))
            m.update(str(c['grade']).encode('utf-8'))
            m.update(str(c['solution']).encode('utf-8'))
            m.update(str(c['locked']).encode('utf-8'))
            m.update(c['grade_id'].encode('utf-8'))
            if c['grade']:
                m.update(str(float(c['points'])).encode('utf-8'))
            print(m.hexdigest())
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(input.ToJsonString());
        p.StandardInput.Close();
        string result = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return result;
    }

    [Fact]
    public void Instructor_mistakes_are_errors_naming_the_cell()
    {
        var key = Lab.Key();
        Lab.ById(key, "square").Source = "// BEGIN SOLUTION\nreturn 1;";
        var e = Assert.Throws<FormatException>(() => Assigner.StudentVersion(key, "lab1.ipynb"));
        Assert.Contains("lab1.ipynb, cell 3", e.Message);
        Assert.Contains("never closed", e.Message);

        var duplicate = Lab.Key();
        GradingCell.Metadata(Lab.ById(duplicate, "square_partial"))!["grade_id"] = "square_test";
        var d = Assert.Throws<FormatException>(() => Assigner.StudentVersion(duplicate, "lab1.ipynb"));
        Assert.Contains("'square_test' is used twice", d.Message);
    }

    [Fact]
    public void A_folder_is_assigned_notebook_by_notebook_with_profiles_and_without_hidden_files()
    {
        string root = Path.Combine(Path.GetTempPath(), $"assign-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "in", "week1"));
            NotebookFile.Write(Lab.Key(), Path.Combine(root, "in", "week1", "squares.ipynb"));
            File.WriteAllText(Path.Combine(root, "in", "week1", "squares.profiles.json"), "{\"quick\":{}}");
            // Hidden notebooks (a tool's working copy, Jupyter's checkpoints) are not handouts.
            NotebookFile.Write(Lab.Key(), Path.Combine(root, "in", "week1", ".grading-squares-alice.ipynb"));
            Directory.CreateDirectory(Path.Combine(root, "in", "week1", ".ipynb_checkpoints"));
            NotebookFile.Write(Lab.Key(), Path.Combine(root, "in", "week1", ".ipynb_checkpoints", "squares-checkpoint.ipynb"));
            var written = Assigner.Run(Path.Combine(root, "in"), Path.Combine(root, "out"));
            Assert.Equal([Path.Combine(root, "out", "week1", "squares.ipynb")], written);
            Assert.True(File.Exists(Path.Combine(root, "out", "week1", "squares.profiles.json")));
            Assert.Throws<FileNotFoundException>(() => Assigner.Run(Path.Combine(root, "missing"), Path.Combine(root, "out")));
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}
