using Course.Notebooks.Dialect;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Grading.Analysis;

/// <summary>
/// A notebook's code cells compiled as the engine runs them, one script submission after another (each sees the
/// declarations of the ones before), against the engine's default references and the key's; nothing is run. Cells are
/// compiled lazily, so asking about one cell binds only what it needs.
/// </summary>
public sealed class ScriptChain
{
    private readonly Dictionary<SyntaxTree, Cell> cellOf = [];

    /// <summary>Each code cell's compilation, in notebook order.</summary>
    public IReadOnlyList<(Cell Cell, CSharpCompilation Compilation)> Submissions { get; }

    private ScriptChain(List<(Cell, CSharpCompilation)> submissions)
    {
        Submissions = submissions;
        foreach (var (cell, compilation) in submissions) cellOf[compilation.SyntaxTrees.Single()] = cell;
    }

    /// <summary>The cell a syntax tree of this chain belongs to, or null for a tree of another chain or none.</summary>
    public Cell? CellOf(SyntaxTree? tree) => tree is not null && cellOf.TryGetValue(tree, out var cell) ? cell : null;

    /// <summary>Compiles <paramref name="nb"/>'s code cells (directive lines blanked, as the engine does) against <paramref name="references"/>.</summary>
    public static ScriptChain Of(Notebook nb, IReadOnlyList<MetadataReference> references, CancellationToken cancel = default)
    {
        var parse = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: ScriptReferences.DefaultImports,
            allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable);
        var submissions = new List<(Cell, CSharpCompilation)>();
        CSharpCompilation? previous = null;
        int n = 0;
        foreach (var cell in nb.Cells.Where(c => c.IsCode))
        {
            string code;
            try { code = DirectiveParser.Parse(cell.Source).Code; }
            catch (DirectiveException) { continue; }   // the engine fails such a cell before compiling it
            var tree = CSharpSyntaxTree.ParseText(code, parse, path: $"cell{++n}_{cell.Id}.csx");
            var compilation = CSharpCompilation.CreateScriptCompilation($"Submission#{n}", tree, references, options, previous,
                typeof(object), typeof(ScriptGlobals));
            submissions.Add((cell, compilation));
            // As in the engine, a cell that does not compile leaves the state as it was: the next cell continues the last good one.
            if (!compilation.GetDiagnostics(cancel).Any(d => d.Severity == DiagnosticSeverity.Error)) previous = compilation;
        }
        return new ScriptChain(submissions);
    }

    /// <summary>The engine's default references plus <paramref name="extra"/> (loaded once; share the list between chains).</summary>
    public static IReadOnlyList<MetadataReference> References(IEnumerable<string> extra)
        => ScriptReferences.Defaults.Concat(extra.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))).ToList();
}
