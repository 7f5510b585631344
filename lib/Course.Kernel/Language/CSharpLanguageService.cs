using Course.Kernel.Server;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Kernel.Language;

/// <summary>
/// Completion, inspection and completeness for C# script cells, from Roslyn's semantic model of the cell as the next
/// submission (so variables from earlier cells and members of referenced types, TorchSharp's included, complete).
/// </summary>
public sealed class CSharpLanguageService(Func<string, Compilation> compileNext)
{
    private static readonly CSharpParseOptions ScriptParse = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    /// <summary>Names visible at the cursor: members after a dot, otherwise locals, globals, types and keywords.</summary>
    public CompletionResult Complete(string code, int cursor)
    {
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        string prefix = code[start..cursor];
        var (model, tree) = Analyse(code);
        IEnumerable<ISymbol> symbols;
        var before = start > 0 ? tree.GetRoot().FindToken(start - 1) : default;
        if (before.IsKind(SyntaxKind.DotToken) && before.Parent is MemberAccessExpressionSyntax access)
        {
            var left = access.Expression;
            var type = model.GetTypeInfo(left).Type;
            var symbol = model.GetSymbolInfo(left).Symbol;
            if (symbol is INamespaceOrTypeSymbol container)
                symbols = model.LookupSymbols(start, container).Where(s => s.IsStatic || s is INamespaceOrTypeSymbol);
            else if (type is not null)
                symbols = model.LookupSymbols(start, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic);
            else symbols = [];
        }
        else
        {
            symbols = model.LookupSymbols(start);
        }
        var names = symbols.Where(s => s.CanBeReferencedByName).Select(s => s.Name)
            .Concat(before.IsKind(SyntaxKind.DotToken) ? [] : Keywords)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new CompletionResult(names, start, cursor);
    }

    /// <summary>The signature and documentation summary of the symbol at the cursor.</summary>
    public InspectionResult Inspect(string code, int cursor)
    {
        var (model, tree) = Analyse(code);
        int at = Math.Max(0, Math.Min(cursor, code.Length) - (cursor > 0 && (cursor == code.Length || !char.IsLetterOrDigit(code[cursor])) ? 1 : 0));
        var token = tree.GetRoot().FindToken(at);
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            var symbol = model.GetSymbolInfo(node).Symbol ?? model.GetDeclaredSymbol(node)
                         ?? model.GetSymbolInfo(node).CandidateSymbols.FirstOrDefault() ?? (ISymbol?)model.GetTypeInfo(node).Type;
            if (symbol is null or IErrorTypeSymbol) continue;
            string signature = symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            string kind = symbol.Kind.ToString().ToLowerInvariant();
            string? summary = Summary(symbol.GetDocumentationCommentXml());
            string text = $"{kind} {signature}" + (summary is null ? "" : "\n\n" + summary);
            return new InspectionResult(true, text, $"```csharp\n{signature}\n```" + (summary is null ? "" : "\n\n" + summary));
        }
        return new InspectionResult(false);
    }

    /// <summary>complete (runnable), incomplete (an open block or statement: more lines expected) or invalid.</summary>
    public static IsCompleteResult IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ScriptParse);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            int depth = code.Count(c => c == '{') - code.Count(c => c == '}');
            return new IsCompleteResult("incomplete", new string(' ', 4 * Math.Max(0, depth)));
        }
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new IsCompleteResult("invalid")
            : new IsCompleteResult("complete");
    }

    private (SemanticModel, SyntaxTree) Analyse(string code)
    {
        var compilation = compileNext(code);
        var tree = compilation.SyntaxTrees.Last();
        return (compilation.GetSemanticModel(tree), tree);
    }

    private static string? Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try
        {
            var doc = System.Xml.Linq.XElement.Parse(xml);
            var summary = doc.Element("summary")?.Value;
            return summary is null ? null : string.Join(' ', summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
        catch (System.Xml.XmlException) { return null; }
    }

    private static readonly string[] Keywords =
    [
        "var", "new", "foreach", "for", "while", "if", "else", "return", "using", "static", "class", "record", "public", "private",
        "true", "false", "null", "await", "async", "int", "long", "float", "double", "string", "bool", "void", "switch", "case",
    ];
}
