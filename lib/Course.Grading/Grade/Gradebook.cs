using System.Globalization;
using System.Text.Json;
using Course.Grading.Csv;
using Course.Grading.Submissions;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>
/// The gradebook of one assignment: gradebook.json (the record, read back to resume an interrupted run) and
/// gradebook.csv (nbgrader's CSV export columns: assignment, duedate, timestamp, student_id, last_name, first_name,
/// email, raw_score, late_submission_penalty, score, max_score; then status and one column per graded cell, then the
/// threads, how the submission was isolated, what to review and the key's hash). Each change is a read-modify-write
/// under a lock file (gradebook.lock): the records on disk are read again, the change applied, and both files replaced
/// atomically, so processes sharing an output folder never lose each other's records. A grade that is replaced is first
/// appended to gradebook-history.jsonl. The CSV is written with Sep and its text cells can never be spreadsheet formulas.
/// </summary>
public sealed class Gradebook
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Line = new() { WriteIndented = false };
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
        Reload();
    }

    public string JsonPath => Path.Combine(Folder, "gradebook.json");
    public string CsvPath => Path.Combine(Folder, "gradebook.csv");
    public string HistoryPath => Path.Combine(Folder, "gradebook-history.jsonl");
    private string LockPath => Path.Combine(Folder, "gradebook.lock");

    /// <summary>nbgrader's CSV export columns, in its order.</summary>
    public static readonly string[] NbgraderColumns =
        ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "raw_score", "late_submission_penalty", "score", "max_score"];

    public IReadOnlyList<StudentGrade> Grades { get { lock (gate) return grades.Values.ToList(); } }

    public bool Has(string student) { lock (gate) return grades.ContainsKey(student); }

    /// <summary>The student's grade, or null.</summary>
    public StudentGrade? Find(string student) { lock (gate) return grades.GetValueOrDefault(student); }

    /// <summary>Records a student's grade (the one it replaces goes to the history file) and rewrites both files.</summary>
    public void Record(StudentGrade grade, string why = "graded again") => RecordAll([grade], why);

    /// <summary>Records several grades in one read-modify-write; each grade replaced goes to the history file first.</summary>
    public void RecordAll(IReadOnlyCollection<StudentGrade> newGrades, string why = "graded again")
        => Update(book =>
        {
            var replaced = newGrades.Where(g => book.TryGetValue(g.Student, out var old) && Serialize(old) != Serialize(g))
                                    .Select(g => book[g.Student]).ToList();
            if (replaced.Count > 0)
            {
                string stamp = DateTimeOffset.UtcNow.ToString("o");
                File.AppendAllText(HistoryPath, string.Concat(replaced.Select(old =>
                    JsonSerializer.Serialize(new HistoryEntry(stamp, why, old), Line) + "\n")));
            }
            foreach (var g in newGrades) book[g.Student] = g;
        });

    /// <summary>One line of gradebook-history.jsonl: a grade that a later one replaced, when and why.</summary>
    public sealed record HistoryEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("replaced_at")] string ReplacedAt,
        [property: System.Text.Json.Serialization.JsonPropertyName("why")] string Why,
        [property: System.Text.Json.Serialization.JsonPropertyName("grade")] StudentGrade Grade);

    /// <summary>The grades replaced so far, oldest first.</summary>
    public IReadOnlyList<HistoryEntry> History()
        => File.Exists(HistoryPath)
            ? File.ReadLines(HistoryPath).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<HistoryEntry>(l)!).ToList()
            : [];

    private static string Serialize(StudentGrade g) => JsonSerializer.Serialize(g, Line);

    /// <summary>Reads the records on disk again, applies <paramref name="change"/> and writes both files, all under the lock file.</summary>
    private void Update(Action<SortedDictionary<string, StudentGrade>> change)
    {
        lock (gate)
        {
            Directory.CreateDirectory(Folder);
            using var fileLock = AcquireLock();
            Reload();
            change(grades);
            Save();
        }
    }

    /// <summary>An exclusive lock on gradebook.lock (flock; on NFS the client maps it to a POSIX lock), waited for.</summary>
    private FileStream AcquireLock()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromMinutes(2)) { Thread.Sleep(20); }
            catch (IOException e) { throw new IOException($"{LockPath}: another process has held the gradebook's lock for 2 minutes; is a grader stuck? ({e.Message})", e); }
        }
    }

    private void Reload()
    {
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

    private void Save()
    {
        AtomicFile.WriteAllText(JsonPath, JsonSerializer.Serialize(grades.Values.ToList(), Json));
        var header = NbgraderColumns.Concat(["status"]).Concat(GradeIds).Concat(["threads", "isolation", "review", "key_hash"]).ToList();
        var rows = grades.Values.Select(g =>
        {
            var row = new List<CsvCell>
            {
                Assignment, g.DueDate, g.Timestamp, g.Student, "", "", "",
                CsvCell.Number(Num(g.RawScore)), CsvCell.Number(Num(g.LatePenalty)), CsvCell.Number(Num(g.Score)), CsvCell.Number(Num(g.MaxScore)), g.Status,
            };
            row.AddRange(GradeIds.Select(id => g.Cells.TryGetValue(id, out var p) && p is not null ? CsvCell.Number(Num(p.Value)) : (CsvCell)""));
            row.Add(CsvCell.Number(g.Threads.ToString(CultureInfo.InvariantCulture)));
            row.Add(g.Isolation);
            row.Add(string.Join("; ", g.Review));
            row.Add(g.KeyHash);
            return (IReadOnlyList<CsvCell>)row;
        });
        AtomicFile.WriteAllText(CsvPath, CsvTable.Write(header, rows));
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// Merges the instructor's marks for written answers: a CSV with columns student, grade_id, points (a header row,
    /// extra columns such as max or comment are ignored). Errors name the file, the line and the fix. Not
    /// <paramref name="strict"/> (marks applied again after a run or a merge), rows for students or cells this
    /// gradebook does not have are passed over.
    /// </summary>
    public int MergeManual(string marksFile, bool strict = true)
    {
        if (!File.Exists(marksFile)) throw new FileNotFoundException($"{marksFile}: no such marks file (expected CSV: student,grade_id,points).");
        var (header, rows) = CsvTable.Read(marksFile);
        if (!header.Contains("student") || !header.Contains("grade_id") || !header.Contains("points"))
            throw new InvalidDataException($"{marksFile}: line 1 must name the columns student, grade_id and points.");
        int merged = 0;
        Update(book =>
        {
            foreach (var row in rows)
            {
                string student = row["student"].Trim(), id = row["grade_id"].Trim(), pointsText = row["points"].Trim();
                if (student.Length == 0 && id.Length == 0) continue;
                if (pointsText.Length == 0) continue;   // not marked yet
                if (!strict && (!book.TryGetValue(student, out var known) || !known.Cells.ContainsKey(id))) continue;
                if (!book.TryGetValue(student, out var g)) throw new InvalidDataException($"{marksFile}, line {row.Line}: no student {StudentIds.Show(student)} in {JsonPath}.");
                if (!g.Cells.ContainsKey(id)) throw new InvalidDataException($"{marksFile}, line {row.Line}: {StudentIds.Show(id)} is not a graded cell of this assignment.");
                if (!TryPoints(pointsText, out double points) || points < 0)
                    throw new InvalidDataException($"{marksFile}, line {row.Line}: points {StudentIds.Show(pointsText)} is not a number >= 0.");
                var cells = new Dictionary<string, double?>(g.Cells) { [id] = points };
                book[student] = g.WithCells(cells);
                merged++;
            }
        });
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
