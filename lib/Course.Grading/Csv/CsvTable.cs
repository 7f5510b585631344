using nietras.SeparatedValues;

namespace Course.Grading.Csv;

/// <summary>One data row of a CSV file read by <see cref="CsvTable.Read"/>: its cells by lower-cased header name, and where it was.</summary>
public sealed record CsvRow(IReadOnlyDictionary<string, string> Cells, int Line)
{
    /// <summary>The cell of a column, or "" when the row has none.</summary>
    public string this[string column] => Cells.GetValueOrDefault(column, "");
}

/// <summary>
/// Reads and writes the grader's spreadsheets with Sep (RFC 4180 quoting, multi-line quoted fields). Written text that a
/// spreadsheet would take for a formula (starting with = + - @, a tab or a carriage return) is neutralised with a
/// leading apostrophe, as OWASP advises, so a student id or a message can never run as one. Reading detects the
/// separator (',', ';' or tab, as spreadsheets in different locales save).
/// </summary>
public static class CsvTable
{
    /// <summary>The characters that make a spreadsheet read a cell as a formula.</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The text with a leading apostrophe when it would start a formula.</summary>
    public static string Neutralize(string text) => text.Length > 0 && FormulaStarts.Contains(text[0]) ? "'" + text : text;

    /// <summary>A CSV text: the header, then one line per row; text cells neutralised, numbers as given.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<CsvCell>> rows)
    {
        var text = new StringWriter();
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).To(text))
        {
            using (var head = writer.NewRow())
                for (int i = 0; i < header.Count; i++) head[i].Set(Neutralize(header[i]));
            foreach (var cells in rows)
            {
                using var row = writer.NewRow();
                for (int i = 0; i < cells.Count; i++) row[i].Set(cells[i].IsNumber ? cells[i].Text : Neutralize(cells[i].Text));
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The data rows of a CSV file with a header row; header names are trimmed and lower-cased. An empty file or a
    /// malformed one is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static (IReadOnlyList<string> Header, List<CsvRow> Rows) Read(string path)
    {
        if (new FileInfo(path).Length == 0) throw new InvalidDataException($"{path}: the file is empty.");
        try
        {
            using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
            var header = reader.Header.ColNames.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
            var rows = new List<CsvRow>();
            foreach (var row in reader)
            {
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int i = 0; i < Math.Min(row.ColCount, header.Count); i++) cells.TryAdd(header[i], row[i].ToString());
                rows.Add(new CsvRow(cells, row.LineNumberFrom));
            }
            return (header, rows);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a CSV file this tool can read ({e.Message}).", e);
        }
    }
}

/// <summary>A cell to write: text (neutralised) or a number the grader formatted itself.</summary>
public readonly record struct CsvCell(string Text, bool IsNumber)
{
    public static implicit operator CsvCell(string text) => new(text, false);

    /// <summary>A number, written as given (never neutralised: "-1" stays a number).</summary>
    public static CsvCell Number(string formatted) => new(formatted, true);
}
