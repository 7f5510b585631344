using Course.Grading.Nbgrader;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Grading.Analysis;

/// <summary>
/// Tests mean what the key means: in every test cell, each name, operator and conversion must bind, in the student's
/// notebook, either to what it binds to in the key, or, when it binds to something the student declared, to something
/// the key also declares in a cell students write (an answer, or a cell without a grading role), of the same name and
/// kind. A name the student's declaration captures that the key binds to the framework, the library or a locked,
/// test or task cell (<c>static class Math</c>, <c>var offset</c> over the setup's, a type whose <c>operator !=</c>
/// is always false) is reported as "shadows X", and that test scores 0. Roslyn's semantic model, nothing run.
/// </summary>
public sealed class ShadowCheck
{
    private readonly IReadOnlyList<MetadataReference> references;
    private readonly ScriptChain keyChain;
    private readonly Dictionary<string, Origin?[]> keyOrigins = new(StringComparer.Ordinal);

    /// <summary>Where a binding comes from: a declaration in a cell of some grading kind, or elsewhere (metadata, built-in).</summary>
    private sealed record Origin(string Name, SymbolKind Kind, bool InSource, bool StudentWritable);

    /// <summary>Prepares the check against <paramref name="key"/> (parameters already injected), compiled with <paramref name="references"/>.</summary>
    public ShadowCheck(Notebook key, IReadOnlyList<MetadataReference> references)
    {
        this.references = references;
        keyChain = ScriptChain.Of(key, references);
        foreach (var (cell, compilation) in keyChain.Submissions)
        {
            if (GradingCell.Kind(cell) != GradingKind.AutograderTest || GradingCell.GradeId(cell) is not { } id) continue;
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees.Single());
            keyOrigins[id] = Bindings(model).Select(b => b.Symbol is null ? null : OriginOf(b.Symbol, keyChain)).ToArray();
        }
    }

    /// <summary>
    /// For each test cell of <paramref name="submission"/> (prepared from the key, parameters injected) whose meaning a
    /// student declaration changes: its grade id and the names shadowed.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Find(Notebook submission, CancellationToken cancel = default)
        => Find(Compile(submission, cancel), cancel);

    /// <summary>The submission's script chain, compiled against the key's references (for <see cref="Find(ScriptChain, CancellationToken)"/> and other checks).</summary>
    public ScriptChain Compile(Notebook submission, CancellationToken cancel = default) => ScriptChain.Of(submission, references, cancel);

    /// <summary>As <see cref="Find(Notebook, CancellationToken)"/>, on a chain compiled already.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Find(ScriptChain chain, CancellationToken cancel = default)
    {
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (cell, compilation) in chain.Submissions)
        {
            if (GradingCell.Kind(cell) != GradingKind.AutograderTest || GradingCell.GradeId(cell) is not { } id) continue;
            if (!keyOrigins.TryGetValue(id, out var expected)) continue;
            var model = compilation.GetSemanticModel(compilation.SyntaxTrees.Single());
            var bindings = Bindings(model, cancel).ToList();
            if (bindings.Count != expected.Length) continue;   // not the key's test source: the preparer restores it, so never here
            var shadows = new SortedSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < bindings.Count; i++)
            {
                if (bindings[i].Symbol is not { } symbol) continue;
                var origin = OriginOf(symbol, chain);
                if (!origin.InSource || !origin.StudentWritable) continue;   // bound to the framework, the library or a key cell: as in the key
                var key = expected[i];
                bool same = key is { InSource: true, StudentWritable: true } && key.Name == origin.Name && key.Kind == origin.Kind;
                if (!same) shadows.Add(bindings[i].Shown);
            }
            if (shadows.Count > 0) found[id] = shadows.ToList();
        }
        return found;
    }

    private readonly record struct Binding(ISymbol? Symbol, string Shown);

    /// <summary>Every binding in the test cell, in syntax order: names, operators, user-defined conversions.</summary>
    private static IEnumerable<Binding> Bindings(SemanticModel model, CancellationToken cancel = default)
    {
        foreach (var node in model.SyntaxTree.GetRoot(cancel).DescendantNodes())
        {
            switch (node)
            {
                case SimpleNameSyntax name when !name.IsVar:
                    // An alias the student declared (using Math = ...) counts as the student's declaration.
                    yield return new Binding((ISymbol?)model.GetAliasInfo(name, cancel) ?? Symbol(model.GetSymbolInfo(name, cancel)), name.Identifier.ValueText);
                    break;
                case BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax:
                    var op = node switch
                    {
                        BinaryExpressionSyntax b => b.OperatorToken, PrefixUnaryExpressionSyntax p => p.OperatorToken,
                        PostfixUnaryExpressionSyntax p => p.OperatorToken, _ => ((AssignmentExpressionSyntax)node).OperatorToken,
                    };
                    yield return new Binding(Symbol(model.GetSymbolInfo(node, cancel)) is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator } m ? m : null,
                        "operator " + op.Text);
                    break;
            }
            if (node is ExpressionSyntax expression && model.GetConversion(expression, cancel).MethodSymbol is { } conversion)
                yield return new Binding(conversion, "conversion " + conversion.ContainingType?.Name);
            else if (node is ExpressionSyntax) yield return new Binding(null, "");
        }
    }

    private static ISymbol? Symbol(SymbolInfo info) => info.Symbol ?? info.CandidateSymbols.FirstOrDefault();

    private static Origin OriginOf(ISymbol symbol, ScriptChain chain)
    {
        var definition = symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol.OriginalDefinition;
        var declared = definition.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree;
        var cell = chain.CellOf(declared);
        if (cell is null) return new Origin(definition.Name, definition.Kind, InSource: false, StudentWritable: false);
        bool writable = GradingCell.Kind(cell) is GradingKind.AutogradedAnswer or GradingKind.ManualAnswer or GradingKind.None
                        && !cell.HasTag(ParameterInjector.InjectedTag);
        return new Origin(definition.Name, definition.Kind, InSource: true, StudentWritable: writable);
    }
}
