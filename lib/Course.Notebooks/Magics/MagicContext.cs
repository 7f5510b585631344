using System.Text.Json.Nodes;
using Course.Notebooks.Output;

namespace Course.Notebooks.Magics;

/// <summary>A variable of the notebook's C# state, as <c>#!who</c> and <c>#!whos</c> list it.</summary>
public sealed record ScriptVariable(string Name, Type Type, object? Value);

/// <summary>What a magic command or a display kernel's cell part may use of the session that runs it.</summary>
public sealed class MagicContext
{
    /// <summary>Names the cell in messages ("cell 3 (id 1a2b3c4d)").</summary>
    public required string Cell { get; init; }

    /// <summary>Where the outputs go.</summary>
    public required CellOutputSink Sink { get; init; }

    /// <summary>The C# variables so far, in declaration order (the last of each name).</summary>
    public required Func<IReadOnlyList<ScriptVariable>> Variables { get; init; }

    /// <summary>Declares (or replaces) a C# variable with a value; returns an error output, or null.</summary>
    public required Func<string, object?, Task<JsonObject?>> Declare { get; init; }

    /// <summary>Runs the code cells of another notebook, .dib or C# file in this session (<c>#!import</c>); an error output, or null.</summary>
    public required Func<string, Task<JsonObject?>> Import { get; init; }

    /// <summary>The value kernel's store (<c>#!value</c>), shared by the session's cells.</summary>
    public required ValueStore Values { get; init; }

    /// <summary>The folder relative paths resolve against (the notebook's).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>An error output naming the cell and the line.</summary>
    public JsonObject Error(int line, string ename, string message)
    {
        var where = $"{Cell}, line {line}";
        return Model.Outputs.Error(ename, $"{where}: {message}", [$"{where}: {ename}: {message}"]);
    }
}
