using System.Text;
using System.Text.RegularExpressions;

namespace Course.Grading.Submissions;

/// <summary>
/// Student ids come from submission names, which students choose: an id is used only when it is plain (ASCII letters
/// and digits first, then also '.', '_', '-', '@', '+'; at most 64 characters), so it cannot become a path, a formula
/// in a spreadsheet or markup in a page. Any other is reported, with the name shown safely.
/// </summary>
public static partial class StudentIds
{
    /// <summary>The student id of a submission: the folder name, or the file name without .ipynb.</summary>
    public static string Of(string submission)
    {
        string trimmed = submission.TrimEnd('/', '\\');
        return trimmed.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(trimmed)
            ? Path.GetFileNameWithoutExtension(trimmed) : Path.GetFileName(trimmed);
    }

    /// <summary>Null when <paramref name="id"/> is a plain id; else what is wrong with it.</summary>
    public static string? Problem(string id)
        => Plain().IsMatch(id) ? null
            : $"the submission name {Show(id)} is not a usable student id (ASCII letters and digits first, then also . _ - @ +; up to 64 characters); rename it to the student's id";

    /// <summary>The id as messages show it: a plain id as it is, any other quoted by <see cref="Show"/>.</summary>
    public static string Display(string id) => Problem(id) is null ? id : Show(id);

    /// <summary>Text with control characters escaped, safe to print to a terminal.</summary>
    public static string Printable(string text)
        => text.Any(c => char.IsControl(c) && c != '\n') ? new string(text.SelectMany(c => char.IsControl(c) && c != '\n' ? $"\\u{(int)c:x4}" : c.ToString()).ToArray()) : text;

    /// <summary>The id quoted with control and non-ASCII characters escaped, for messages and terminals.</summary>
    public static string Show(string id)
    {
        var s = new StringBuilder("'");
        foreach (char c in id.Length > 80 ? id[..80] + "…" : id)
            s.Append(c is >= ' ' and < (char)127 || c == '…' ? c.ToString() : $"\\u{(int)c:x4}");
        return s.Append('\'').ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")]
    private static partial Regex Plain();
}
