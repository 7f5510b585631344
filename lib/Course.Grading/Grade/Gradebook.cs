using System.Globalization;
using System.Text;
using System.Text.Json;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>
/// The gradebook of one assignment: gradebook.json (the record, read back to resume an interrupted run) and
/// gradebook.csv (nbgrader's columns assignment, student_id, raw_score, score, max_score, then status and one column
/// per graded cell). Both are rewritten atomically each time a student finishes.
/// </summary>
public sealed class Gradebook
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly object gate = new();
    private readonly SortedDictionary<string, StudentGrade> grades = new(StringComparer.Ordinal);

    public string Folder { get; }
    public string Assignment { get; }
    public IReadOnlyList<string> GradeIds { get; }

    public Gradebook(string folder, string assignment, IReadOnlyList<string> gradeIds)
    {
        Folder = folder;
        Assignment = assignment;
        GradeIds = gradeIds;
        string path = JsonPath;
        if (!File.Exists(path)) return;
        try
        {
            foreach (var g in JsonSerializer.Deserialize<List<StudentGrade>>(File.ReadAllText(path)) ?? [])
                grades[g.Student] = g;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the gradebook is damaged ({e.Message}); move it away to grade again from scratch.", e);
        }
    }

    public string JsonPath => Path.Combine(Folder, "gradebook.json");
    public string CsvPath => Path.Combine(Folder, "gradebook.csv");

    public IReadOnlyList<StudentGrade> Grades { get { lock (gate) return grades.Values.ToList(); } }

    public bool Has(string student) { lock (gate) return grades.ContainsKey(student); }

    /// <summary>Records a student's grade and rewrites both files.</summary>
    public void Record(StudentGrade grade)
    {
        lock (gate)
        {
            grades[grade.Student] = grade;
            Save();
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllText(JsonPath, JsonSerializer.Serialize(grades.Values.ToList(), Json));
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', new[] { "assignment", "student_id", "raw_score", "score", "max_score", "status" }.Concat(GradeIds).Select(Csv)));
        foreach (var g in grades.Values)
        {
            var row = new List<string> { Assignment, g.Student, Num(g.Score), Num(g.Score), Num(g.MaxScore), g.Status };
            row.AddRange(GradeIds.Select(id => g.Cells.TryGetValue(id, out var p) ? p is null ? "" : Num(p.Value) : ""));
            csv.AppendLine(string.Join(',', row.Select(Csv)));
        }
        AtomicFile.WriteAllText(CsvPath, csv.ToString());
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    internal static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>
    /// Merges the instructor's marks for written answers: a CSV with columns student, grade_id, points (a header row,
    /// extra columns such as max or comment are ignored). Errors name the file, the line and the fix.
    /// </summary>
    public int MergeManual(string marksFile)
    {
        if (!File.Exists(marksFile)) throw new FileNotFoundException($"{marksFile}: no such marks file (expected CSV: student,grade_id,points).");
        var lines = File.ReadAllLines(marksFile);
        if (lines.Length == 0) throw new InvalidDataException($"{marksFile}: the file is empty (expected CSV: student,grade_id,points).");
        var header = SplitCsv(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int si = header.IndexOf("student"), gi = header.IndexOf("grade_id"), pi = header.IndexOf("points");
        if (si < 0 || gi < 0 || pi < 0) throw new InvalidDataException($"{marksFile}: line 1 must name the columns student, grade_id and points.");
        int merged = 0;
        lock (gate)
        {
            for (int n = 1; n < lines.Length; n++)
            {
                if (string.IsNullOrWhiteSpace(lines[n])) continue;
                var f = SplitCsv(lines[n]);
                if (f.Count <= Math.Max(si, Math.Max(gi, pi))) throw new InvalidDataException($"{marksFile}, line {n + 1}: too few columns.");
                string student = f[si].Trim(), id = f[gi].Trim(), pointsText = f[pi].Trim();
                if (pointsText.Length == 0) continue;   // not marked yet
                if (!grades.TryGetValue(student, out var g)) throw new InvalidDataException($"{marksFile}, line {n + 1}: no student '{student}' in {JsonPath}.");
                if (!g.Cells.ContainsKey(id)) throw new InvalidDataException($"{marksFile}, line {n + 1}: '{id}' is not a graded cell of this assignment.");
                if (!double.TryParse(pointsText, NumberStyles.Float, CultureInfo.InvariantCulture, out double points) || points < 0)
                    throw new InvalidDataException($"{marksFile}, line {n + 1}: points '{pointsText}' is not a number >= 0.");
                var cells = new Dictionary<string, double?>(g.Cells) { [id] = points };
                grades[student] = g.WithCells(cells);
                merged++;
            }
            Save();
        }
        return merged;
    }

    internal static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
