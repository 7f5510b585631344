using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Grading.Nbgrader;

/// <summary>What a cell is for grading, from its nbgrader metadata (schema version 3).</summary>
public enum GradingKind
{
    /// <summary>No nbgrader role: prose or code the student may edit freely.</summary>
    None,
    /// <summary>Code the student completes (solution: true, grade: false); the tests after it give the points.</summary>
    AutogradedAnswer,
    /// <summary>A test cell with points (grade: true, solution: false); restored from the key before grading.</summary>
    AutograderTest,
    /// <summary>A written (or code) answer graded by hand (grade: true, solution: true).</summary>
    ManualAnswer,
    /// <summary>A task description (task: true); read-only.</summary>
    Task,
    /// <summary>A read-only cell (locked: true) restored from the key.</summary>
    Locked,
}

/// <summary>Reads and writes a cell's <c>metadata.nbgrader</c> and computes nbgrader's checksum.</summary>
public static class GradingCell
{
    public const int SchemaVersion = 3;

    /// <summary>The nbgrader metadata object, or null when the cell has none.</summary>
    public static JsonObject? Metadata(Cell cell) => cell.Metadata["nbgrader"] as JsonObject;

    public static bool IsGrade(Cell cell) => (bool?)Metadata(cell)?["grade"] ?? false;
    public static bool IsSolution(Cell cell) => (bool?)Metadata(cell)?["solution"] ?? false;
    public static bool IsTask(Cell cell) => (bool?)Metadata(cell)?["task"] ?? false;

    /// <summary>nbgrader's is_locked: solution cells never; test cells always; others when locked is set.</summary>
    public static bool IsLocked(Cell cell)
    {
        var m = Metadata(cell);
        if (m is null || IsSolution(cell)) return false;
        if (IsGrade(cell)) return true;
        return (bool?)m["locked"] ?? false;
    }

    public static string? GradeId(Cell cell) => (string?)Metadata(cell)?["grade_id"];

    public static double Points(Cell cell)
    {
        var node = Metadata(cell)?["points"];
        return node is null ? 0 : node.GetValueKind() == System.Text.Json.JsonValueKind.Number ? node.GetValue<double>() : 0;
    }

    public static GradingKind Kind(Cell cell)
    {
        if (Metadata(cell) is null) return GradingKind.None;
        bool grade = IsGrade(cell), solution = IsSolution(cell);
        if (grade && solution) return GradingKind.ManualAnswer;
        if (grade) return GradingKind.AutograderTest;
        if (solution) return GradingKind.AutogradedAnswer;
        if (IsTask(cell)) return GradingKind.Task;
        return IsLocked(cell) ? GradingKind.Locked : GradingKind.None;
    }

    /// <summary>
    /// nbgrader's compute_checksum: md5 of source, cell_type, str(grade), str(solution), str(locked), grade_id and,
    /// for grade cells, str(float(points)) — Python's spellings ("True", "1.0").
    /// </summary>
    public static string Checksum(Cell cell)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        void Add(string s) => md5.AppendData(Encoding.UTF8.GetBytes(s));
        Add(cell.Source);
        Add(cell.CellType);
        Add(IsGrade(cell) ? "True" : "False");
        Add(IsSolution(cell) ? "True" : "False");
        Add(IsLocked(cell) ? "True" : "False");
        Add(GradeId(cell) ?? "");
        if (IsGrade(cell)) Add(PythonFloat(Points(cell)));
        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    /// <summary>Python's str(float(x)): "1.0", "2.5", "0.1".</summary>
    public static string PythonFloat(double x)
    {
        string s = x.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") || s.Contains("NaN") ? s : s + ".0";
    }

    /// <summary>Checks the metadata an instructor wrote: grade ids present, unique and well formed; points for grade cells.</summary>
    public static IReadOnlyList<string> Validate(Notebook nb, string path)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (cell, index) in nb.Cells.Select((c, i) => (c, i + 1)))
        {
            var kind = Kind(cell);
            if (kind == GradingKind.None && Metadata(cell) is null) continue;
            string where = $"{path}, cell {index} (id {cell.Id})";
            string? id = GradeId(cell);
            if (string.IsNullOrEmpty(id)) { problems.Add($"{where}: nbgrader cell without grade_id."); continue; }
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-zA-Z0-9_\\-]+$")) problems.Add($"{where}: grade_id '{id}' must match ^[a-zA-Z0-9_-]+$.");
            if (!seen.Add(id)) problems.Add($"{where}: grade_id '{id}' is used twice.");
            if (IsGrade(cell) && Metadata(cell)!["points"] is null) problems.Add($"{where}: grade cell '{id}' has no points.");
            if (Points(cell) < 0) problems.Add($"{where}: grade cell '{id}' has negative points.");
        }
        return problems;
    }
}
