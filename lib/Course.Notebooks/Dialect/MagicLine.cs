namespace Course.Notebooks.Dialect;

/// <summary>
/// A magic command line (<c>#!set --name x --value @value:v</c>): its name, its <c>--option value</c> pairs and flags, and
/// its other words. Tokens keep their double quotes (<see cref="Unquote"/> removes them): Polyglot's <c>#!set --value "a b"</c>
/// sets the text with its quotes.
/// </summary>
/// <param name="Name">The command with its <c>#!</c>, e.g. <c>#!time</c>.</param>
/// <param name="Options">Each <c>--option</c> and its value as written (null for a flag).</param>
/// <param name="Arguments">The words that belong to no option.</param>
/// <param name="Line">The 1-based line within the cell.</param>
public sealed record MagicLine(string Name, IReadOnlyDictionary<string, string?> Options, IReadOnlyList<string> Arguments, int Line)
{
    /// <summary>Parses a line that starts with <c>#!</c>; <paramref name="flags"/> are the options that take no value.</summary>
    public static MagicLine Parse(string line, int lineNumber, params string[] flags)
    {
        var tokens = Tokens(line.Trim());
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var arguments = new List<string>();
        for (var i = 1; i < tokens.Count; i++)
        {
            if (tokens[i].StartsWith("--", StringComparison.Ordinal))
            {
                var takesValue = !flags.Contains(tokens[i]) && i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal);
                options[tokens[i]] = takesValue ? tokens[++i] : null;
            }
            else arguments.Add(tokens[i]);
        }
        return new MagicLine(tokens[0], options, arguments, lineNumber);
    }

    /// <summary>An option's value without its quotes, or null when it is missing.</summary>
    public string? Option(string name) => Options.TryGetValue(name, out var value) && value is not null ? Unquote(value) : null;

    /// <summary>Whether a flag (or option) is present.</summary>
    public bool Has(string name) => Options.ContainsKey(name);

    /// <summary>A token without its surrounding double quotes.</summary>
    public static string Unquote(string token)
        => token.Length >= 2 && token[0] == '"' && token[^1] == '"' ? token[1..^1].Replace("\\\"", "\"") : token;

    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0) tokens.Add(current.ToString());
                current.Clear();
            }
            else current.Append(c);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
