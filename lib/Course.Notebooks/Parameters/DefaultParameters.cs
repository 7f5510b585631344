using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.Parameters;

/// <summary>The defaults a notebook's <c>parameters</c> cell declares (<c>var Epochs = 2;</c>), for papermill's <c>default_parameters</c>.</summary>
public static class DefaultParameters
{
    /// <summary>Name to value for each variable of the parameters cell initialised with a literal (others are skipped).</summary>
    public static JsonObject Read(Model.Notebook nb)
    {
        var result = new JsonObject();
        var cell = nb.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParameterInjector.ParametersTag));
        if (cell is null) return result;
        var root = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        foreach (var declarator in root.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            if (Literal(declarator.Initializer?.Value) is { } value)
                result[declarator.Identifier.Text] = value;
        return result;
    }

    private static JsonNode? Literal(ExpressionSyntax? expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            bool b => b, int i => i, long l => l, double d => d, float f => f, decimal m => m, string s => s, _ => null,
        },
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax operand } =>
            operand.Token.Value switch { int i => -i, long l => -l, double d => -d, float f => -f, decimal m => -m, _ => null },
        _ => null,
    };
}
