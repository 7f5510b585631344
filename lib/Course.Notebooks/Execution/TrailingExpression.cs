using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.Execution;

/// <summary>Whether a submission ends in a value-producing expression without a semicolon (shown as the cell's result).</summary>
public static class TrailingExpression
{
    /// <summary>True when the last statement of the submission is an expression of non-void type (or <c>null</c>) with no semicolon.</summary>
    public static bool HasValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax unit) return false;
        if (unit.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }) return false;
        if (!statement.SemicolonToken.IsMissing) return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        // `null` and `default` have no type of their own; Polyglot shows them as <null>.
        if (type is null) return statement.Expression.IsKind(SyntaxKind.NullLiteralExpression) || statement.Expression.IsKind(SyntaxKind.DefaultLiteralExpression);
        return type.SpecialType != SpecialType.System_Void;
    }
}
