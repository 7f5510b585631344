using System.Globalization;
using System.Text.Json;
using Course.Grading.Csv;
using Course.Grading.Submissions;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>
/// The gradebook of one assignment: gradebook.json (the record, read back to resume an interrupted run) and
/// gradebook.csv (nbgrader's columns assignment, student_id, raw_score, score, max_score, then status and one column
/// per graded cell, then how the submission was isolated and what to review). Both are rewritten atomically each time a
/// student finishes; the CSV is written with Sep and its text cells can never be spreadsheet formulas.
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
        var header = new[] { "assignment", "student_id", "raw_score", "score", "max_score", "status" }.Concat(GradeIds).Concat(["isolation", "review"]).ToList();
        var rows = grades.Values.Select(g =>
        {
            var row = new List<CsvCell> { Assignment, g.Student, CsvCell.Number(Num(g.Score)), CsvCell.Number(Num(g.Score)), CsvCell.Number(Num(g.MaxScore)), g.Status };
            row.AddRange(GradeIds.Select(id => g.Cells.TryGetValue(id, out var p) && p is not null ? CsvCell.Number(Num(p.Value)) : (CsvCell)""));
            row.Add(g.Isolation);
            row.Add(string.Join("; ", g.Review));
            return (IReadOnlyList<CsvCell>)row;
        });
        AtomicFile.WriteAllText(CsvPath, CsvTable.Write(header, rows));
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// Merges the instructor's marks for written answers: a CSV with columns student, grade_id, points (a header row,
    /// extra columns such as max or comment are ignored). Errors name the file, the line and the fix.
    /// </summary>
    public int MergeManual(string marksFile)
    {
        if (!File.Exists(marksFile)) throw new FileNotFoundException($"{marksFile}: no such marks file (expected CSV: student,grade_id,points).");
        var (header, rows) = CsvTable.Read(marksFile);
        if (!header.Contains("student") || !header.Contains("grade_id") || !header.Contains("points"))
            throw new InvalidDataException($"{marksFile}: line 1 must name the columns student, grade_id and points.");
        int merged = 0;
        lock (gate)
        {
            foreach (var row in rows)
            {
                string student = row["student"].Trim(), id = row["grade_id"].Trim(), pointsText = row["points"].Trim();
                if (student.Length == 0 && id.Length == 0) continue;
                if (pointsText.Length == 0) continue;   // not marked yet
                if (!grades.TryGetValue(student, out var g)) throw new InvalidDataException($"{marksFile}, line {row.Line}: no student {StudentIds.Show(student)} in {JsonPath}.");
                if (!g.Cells.ContainsKey(id)) throw new InvalidDataException($"{marksFile}, line {row.Line}: {StudentIds.Show(id)} is not a graded cell of this assignment.");
                if (!TryPoints(pointsText, out double points) || points < 0)
                    throw new InvalidDataException($"{marksFile}, line {row.Line}: points {StudentIds.Show(pointsText)} is not a number >= 0.");
                var cells = new Dictionary<string, double?>(g.Cells) { [id] = points };
                grades[student] = g.WithCells(cells);
                merged++;
            }
            Save();
        }
        return merged;
    }

    /// <summary>A number in the invariant culture, or with a decimal comma (as ';'-separated spreadsheets write it).</summary>
    private static bool TryPoints(string text, out double points)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out points)
           || (text.Count(c => c == ',') == 1 && !text.Contains('.') && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out points));

    /// <summary>The assignment named in an existing gradebook.csv in <paramref name="folder"/>, or "".</summary>
    public static string AssignmentIn(string folder)
    {
        string csv = Path.Combine(folder, "gradebook.csv");
        if (!File.Exists(csv)) return "";
        var (_, rows) = CsvTable.Read(csv);
        return rows.Count == 0 ? "" : rows[0]["assignment"].TrimStart('\'');
    }
}
