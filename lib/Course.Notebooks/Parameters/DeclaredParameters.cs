using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.Parameters;

/// <summary>A variable of a notebook's <c>parameters</c> cell: its name, its C# type as declared or implied by its literal, its default.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Type">A C# keyword type (int, long, double, float, decimal, bool, string), or null when neither it nor its initializer says.</param>
/// <param name="Default">The default when it is a literal, else null.</param>
public sealed record DeclaredParameter(string Name, string? Type, JsonNode? Default);

/// <summary>The variables a notebook's <c>parameters</c> cell declares (<c>var Epochs = 2;</c>, <c>double LearningRate = 0.1;</c>).</summary>
public static class DeclaredParameters
{
    private static readonly string[] KeywordTypes = ["int", "long", "double", "float", "decimal", "bool", "string"];

    /// <summary>Every variable the cell tagged <c>parameters</c> declares, in order; none when there is no such cell.</summary>
    public static IReadOnlyList<DeclaredParameter> Read(Model.Notebook nb)
    {
        var cell = nb.Cells.FirstOrDefault(c => c.IsCode && c.HasTag(ParameterInjector.ParametersTag));
        if (cell is null) return [];
        var root = CSharpSyntaxTree.ParseText(cell.Source, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        var result = new List<DeclaredParameter>();
        foreach (var declaration in root.DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            if (declaration.Parent is not (LocalDeclarationStatementSyntax or FieldDeclarationSyntax)) continue;
            var declaredType = declaration.Type.IsVar ? null : declaration.Type.ToString();
            foreach (var variable in declaration.Variables)
            {
                var (value, literalType) = Literal(variable.Initializer?.Value);
                var type = declaredType is null ? literalType : KeywordTypes.Contains(Keyword(declaredType)) ? Keyword(declaredType) : null;
                result.Add(new DeclaredParameter(variable.Identifier.Text, type, value));
            }
        }
        return result;
    }

    private static string Keyword(string type) => type switch
    {
        "Int32" or "System.Int32" => "int", "Int64" or "System.Int64" => "long", "Double" or "System.Double" => "double",
        "Single" or "System.Single" => "float", "Decimal" or "System.Decimal" => "decimal", "Boolean" or "System.Boolean" => "bool",
        "String" or "System.String" => "string", _ => type.TrimEnd('?'),
    };

    private static (JsonNode? Value, string? Type) Literal(ExpressionSyntax? expression) => expression switch
    {
        LiteralExpressionSyntax literal => literal.Token.Value switch
        {
            bool b => (b, "bool"), int i => (i, "int"), long l => (l, "long"), double d => (d, "double"), float f => (f, "float"),
            decimal m => (m, "decimal"), string s => (s, "string"), _ => (null, null),
        },
        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax operand } =>
            operand.Token.Value switch
            {
                int i => (-i, "int"), long l => (-l, "long"), double d => (-d, "double"), float f => (-f, "float"), decimal m => (-m, "decimal"),
                _ => (null, null),
            },
        _ => (null, null),
    };
}
