using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.Execution;

/// <summary>
/// Rewrites a cell's code so that an interrupt stops it anywhere it loops: <c>Interruption.Poll();</c> first in every loop
/// body (for, foreach, while, do) and every block body of a method, local function, lambda or accessor. The call goes on the
/// line of the body's opening, so line numbers in errors and stack traces stay the cell's.
/// </summary>
public static class InterruptGuard
{
    private const string PollCall = "global::Course.Notebooks.Execution.Interruption.Poll();";

    /// <summary>The guarded code, or null when the code has nothing to guard.</summary>
    public static string? Rewrite(CompilationUnitSyntax root)
    {
        var rewriter = new Rewriter();
        var rewritten = rewriter.Visit(root);
        return rewriter.Changed ? rewritten.ToFullString() : null;
    }

    private sealed class Rewriter : CSharpSyntaxRewriter
    {
        private static readonly StatementSyntax Poll = SyntaxFactory.ParseStatement(PollCall);

        public bool Changed { get; private set; }

        public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
            => ((WhileStatementSyntax)base.VisitWhileStatement(node)!) is var v ? v.WithStatement(Guard(v.Statement)) : null;

        public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
            => ((DoStatementSyntax)base.VisitDoStatement(node)!) is var v ? v.WithStatement(Guard(v.Statement)) : null;

        public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
            => ((ForStatementSyntax)base.VisitForStatement(node)!) is var v ? v.WithStatement(Guard(v.Statement)) : null;

        public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
            => ((ForEachStatementSyntax)base.VisitForEachStatement(node)!) is var v ? v.WithStatement(Guard(v.Statement)) : null;

        public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
            => ((ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!) is var v ? v.WithStatement(Guard(v.Statement)) : null;

        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            // Bodies of methods, local functions, lambdas, accessors, constructors: recursion and callbacks are interruptible too.
            if (node.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax)
                return Prepend(visited);
            return visited;
        }

        public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            var visited = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
            if (visited.ExpressionBody is not { } arrow || !CanBlock(visited.ReturnType, visited.Modifiers)) return visited;
            return visited.WithBody(ArrowAsBlock(arrow, visited.SemicolonToken, IsVoidLike(visited.ReturnType, visited.Modifiers)))
                .WithExpressionBody(null).WithSemicolonToken(default);
        }

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            var visited = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
            if (visited.ExpressionBody is not { } arrow || !CanBlock(visited.ReturnType, visited.Modifiers)) return visited;
            return visited.WithBody(ArrowAsBlock(arrow, visited.SemicolonToken, IsVoidLike(visited.ReturnType, visited.Modifiers)))
                .WithExpressionBody(null).WithSemicolonToken(default);
        }

        /// <summary>Arrow bodies become blocks unless async with a value (their return type would need inferring).</summary>
        private static bool CanBlock(TypeSyntax returnType, SyntaxTokenList modifiers)
            => !modifiers.Any(SyntaxKind.AsyncKeyword) || IsVoidLike(returnType, modifiers);

        /// <summary>Whether a body returns no value: void, or an async method of Task or ValueTask.</summary>
        private static bool IsVoidLike(TypeSyntax returnType, SyntaxTokenList modifiers)
            => returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }
               || (modifiers.Any(SyntaxKind.AsyncKeyword) && returnType is IdentifierNameSyntax { Identifier.Text: "Task" or "ValueTask" }
                   or QualifiedNameSyntax { Right: IdentifierNameSyntax { Identifier.Text: "Task" or "ValueTask" } });

        /// <summary><c>=> expr;</c> as <c>{Poll();return expr;}</c> (or <c>expr;</c>, or <c>throw ...;</c>), keeping every line break.</summary>
        private BlockSyntax ArrowAsBlock(ArrowExpressionClauseSyntax arrow, SyntaxToken semicolon, bool voidLike)
        {
            Changed = true;
            var expression = arrow.Expression;
            var space = SyntaxFactory.TriviaList(SyntaxFactory.Space);
            var end = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
            StatementSyntax statement = expression is ThrowExpressionSyntax thrown
                ? SyntaxFactory.ThrowStatement(SyntaxFactory.Token(default, SyntaxKind.ThrowKeyword, space), thrown.Expression, end)
                : voidLike ? SyntaxFactory.ExpressionStatement(expression, end)
                : SyntaxFactory.ReturnStatement(SyntaxFactory.Token(default, SyntaxKind.ReturnKeyword, space), expression, end);
            return SyntaxFactory.Block(Poll, statement)
                .WithOpenBraceToken(SyntaxFactory.Token(arrow.ArrowToken.LeadingTrivia, SyntaxKind.OpenBraceToken, arrow.ArrowToken.TrailingTrivia))
                .WithCloseBraceToken(SyntaxFactory.Token(semicolon.LeadingTrivia, SyntaxKind.CloseBraceToken, semicolon.TrailingTrivia));
        }

        private StatementSyntax Guard(StatementSyntax body)
        {
            if (body is BlockSyntax block) return Prepend(block);
            Changed = true;
            // `while (x) f();` becomes `while (x) {Poll();f();}` on the same lines.
            return SyntaxFactory.Block(Poll, body.WithoutLeadingTrivia()).WithLeadingTrivia(body.GetLeadingTrivia());
        }

        private BlockSyntax Prepend(BlockSyntax block)
        {
            Changed = true;
            return block.WithStatements(block.Statements.Insert(0, Poll));
        }
    }
}
