using System.Text.RegularExpressions;

namespace Course.Notebooks.Model;

/// <summary>nbformat 4.5 cell ids: creation and validation.</summary>
public static partial class CellIds
{
    /// <summary>A new random id of 8 hex digits, as Jupyter writes them.</summary>
    public static string New() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Whether <paramref name="id"/> is a valid nbformat cell id.</summary>
    public static bool IsValid(string? id) => id is not null && ValidId().IsMatch(id);

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex ValidId();
}
