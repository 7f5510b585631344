using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Grading.Tests;

/// <summary>A small instructor notebook with every kind of grading cell, used across the grading tests.</summary>
public static class Lab
{
    public static Cell Graded(Cell cell, string id, bool grade, bool solution, double? points = null, bool locked = false)
    {
        var meta = new JsonObject { ["grade"] = grade, ["solution"] = solution, ["locked"] = locked, ["grade_id"] = id, ["schema_version"] = 3 };
        if (points is not null) meta["points"] = points;
        cell.Metadata["nbgrader"] = meta;
        return cell;
    }

    public const string SquareSolution = """
        int Square(int x)
        {
            // BEGIN SOLUTION
            return x * x;
            // END SOLUTION
        }
        """;

    public const string SquareTest = """
        if (Square(3) != 9) throw new Exception("Square(3) should be 9");
        // BEGIN HIDDEN TESTS
        if (Square(-4) != 16) throw new Exception("Square(-4) should be 16");
        // END HIDDEN TESTS
        """;

    public const string PartialTest = "new[] { Square(1) == 1, Square(2) == 4, Square(10) == 100, Square(0) == 0 }.Count(ok => ok) * 0.5";

    public const string Setup = "var offset = 1;";

    /// <summary>The instructor's key: intro, setup (locked), answer, test (2 points), partial test (2), question, written answer (3).</summary>
    public static Notebook Key()
    {
        var nb = Notebook.NewCSharp();
        nb.Cells.Add(Cell.Markdown("# Squares\nWrite `Square`."));
        nb.Cells.Add(Graded(Cell.Code(Setup), "setup", grade: false, solution: false, locked: true));
        nb.Cells.Add(Graded(Cell.Code(SquareSolution), "square", grade: false, solution: true));
        nb.Cells.Add(Graded(Cell.Code(SquareTest), "square_test", grade: true, solution: false, points: 2));
        nb.Cells.Add(Graded(Cell.Code(PartialTest), "square_partial", grade: true, solution: false, points: 2));
        nb.Cells.Add(Cell.Markdown("**Question 1.** Why does squaring lose the sign?"));
        nb.Cells.Add(Graded(Cell.Markdown("Because (-x)(-x) = x·x."), "why_sign", grade: true, solution: true, points: 3));
        nb.NormalizeIds();
        return nb;
    }

    public static Cell ById(Notebook nb, string gradeId)
        => nb.Cells.Single(c => (string?)(c.Metadata["nbgrader"] as JsonObject)?["grade_id"] == gradeId);
}
