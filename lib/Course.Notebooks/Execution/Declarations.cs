using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.Execution;

/// <summary>
/// Whether a submission declares anything later cells can see: a variable (also one an <c>out var</c> or a pattern
/// introduces at the top level), a method, a type, a using, a <c>#load</c>. A cell that declares nothing need not stay in
/// Roslyn's chain of submissions, whose every link makes each later compilation slower; its effects on earlier variables
/// stay where those variables live.
/// </summary>
public static class Declarations
{
    /// <summary>True when the submission declares something.</summary>
    public static bool Any(CompilationUnitSyntax root)
    {
        if (root.Usings.Count > 0 || root.Externs.Count > 0 || root.GetLoadDirectives().Count > 0 || root.GetReferenceDirectives().Count > 0) return true;
        foreach (var member in root.Members)
        {
            if (member is not GlobalStatementSyntax global) return true;
            if (global.Statement is LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax) return true;
            // out var x, is T x, (var a, var b) = ... at the top level become fields of the submission.
            if (global.Statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .Any(n => n is SingleVariableDesignationSyntax or ParenthesizedVariableDesignationSyntax)) return true;
            if (global.Statement is LabeledStatementSyntax) return true;
        }
        return false;
    }

    /// <summary>The submission's syntax, parsed as Roslyn scripting parses it.</summary>
    public static CompilationUnitSyntax Parse(string code)
        => (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest, kind: Microsoft.CodeAnalysis.SourceCodeKind.Script)).GetRoot();
}
