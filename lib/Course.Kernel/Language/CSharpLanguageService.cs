using System.Text;
using System.Xml.Linq;
using Course.Kernel.Server;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.QuickInfo;

namespace Course.Kernel.Language;

/// <summary>
/// Completion, inspection and completeness for C# cells, from Roslyn's editor services (CompletionService: members after a
/// dot, names in scope, keywords, snippets; QuickInfoService and the XML documentation: signatures and docs) on the cell as
/// the next submission of the notebook's session, so variables and types from earlier cells complete and inspect too.
/// </summary>
public sealed class CSharpLanguageService(Func<SessionShape> session) : IDisposable
{
    private static readonly CSharpParseOptions ScriptParse = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    private readonly SubmissionWorkspace workspace = new();

    /// <summary>The completions for the word at <paramref name="cursor"/>: those that start with what is typed (ignoring case).</summary>
    public async Task<CompletionResult> CompleteAsync(string code, int cursor)
    {
        var document = workspace.Next(session(), Blank(code));
        var service = CompletionService.GetService(document);
        var list = service is null ? null : await service.GetCompletionsAsync(document, cursor);
        int start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        if (list is null) return new CompletionResult([], start, cursor);
        var prefix = code[start..cursor];
        var items = list.ItemsList
            .Where(i => i.FilterText.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || i.DisplayText.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .GroupBy(i => i.DisplayText).Select(g => g.First())
            .OrderBy(i => !i.DisplayText.StartsWith(prefix, StringComparison.Ordinal)).ThenBy(i => i.SortText, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var types = items.Select(i => new CompletionType(i.DisplayText, Kind(i.Tags), i.InlineDescription)).ToList();
        return new CompletionResult(items.Select(i => i.DisplayText).ToList(), start, cursor, types);
    }

    /// <summary>
    /// The symbol at the cursor: at detail level 0 its signature and summary, at level 1 also its parameters, return
    /// value, exceptions and remarks (Jupyter's inspect_request detail_level).
    /// </summary>
    public async Task<InspectionResult> InspectAsync(string code, int cursor, int detailLevel = 0)
    {
        var document = workspace.Next(session(), Blank(code));
        int at = Math.Max(0, Math.Min(cursor, code.Length) - (cursor > 0 && (cursor == code.Length || !char.IsLetterOrDigit(code[cursor])) ? 1 : 0));
        var quickInfo = QuickInfoService.GetService(document) is { } service ? await service.GetQuickInfoAsync(document, at) : null;
        var symbol = await SymbolFinder.FindSymbolAtPositionAsync(document, at);
        if (quickInfo is null && symbol is null) return new InspectionResult(false);

        var signature = quickInfo?.Sections.FirstOrDefault(s => s.Kind == QuickInfoSectionKinds.Description)?.Text
                        ?? symbol!.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        var summary = quickInfo?.Sections.FirstOrDefault(s => s.Kind == QuickInfoSectionKinds.DocumentationComments)?.Text;
        var plain = new StringBuilder(signature);
        var markdown = new StringBuilder("```csharp\n").Append(signature).Append("\n```");
        if (!string.IsNullOrWhiteSpace(summary))
        {
            plain.Append("\n\n").Append(summary);
            markdown.Append("\n\n").Append(summary);
        }
        if (detailLevel >= 1 && symbol is not null && Documentation.Details(symbol) is { Count: > 0 } details)
            foreach (var (heading, text) in details)
            {
                plain.Append("\n\n").Append(heading).Append(":\n").Append(text);
                markdown.Append("\n\n**").Append(heading).Append("**\n\n").Append(text);
            }
        return new InspectionResult(true, plain.ToString(), markdown.ToString());
    }

    /// <summary>
    /// complete (runnable), incomplete (an open block, bracket, string or statement: more lines expected, with the indent
    /// for the next one) or invalid. Magic command and directive lines and cell parts in other kernels count as complete.
    /// </summary>
    public static IsCompleteResult IsComplete(string code)
    {
        var csharp = string.Concat(Course.Notebooks.Dialect.CellSegments.Split(code)
            .Where(s => s.Kernel == Course.Notebooks.Dialect.KernelNames.CSharp).Select(s => Blank(s.Code) + "\n"));
        var tree = CSharpSyntaxTree.ParseText(csharp, ScriptParse);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            int depth = tree.GetRoot().DescendantTokens().Count(t => t.IsKind(SyntaxKind.OpenBraceToken))
                        - tree.GetRoot().DescendantTokens().Count(t => t.IsKind(SyntaxKind.CloseBraceToken) && !t.IsMissing);
            return new IsCompleteResult("incomplete", new string(' ', 4 * Math.Max(0, depth)));
        }
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new IsCompleteResult("invalid")
            : new IsCompleteResult("complete");
    }

    /// <summary>Directive and magic lines blanked to spaces (same length, so positions hold): Roslyn sees only C#.</summary>
    private static string Blank(string code)
    {
        var lines = code.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("#r", StringComparison.Ordinal) || lines[i].StartsWith("#i", StringComparison.Ordinal) || lines[i].StartsWith("#!", StringComparison.Ordinal))
                lines[i] = new string(' ', lines[i].Length);
        return string.Join('\n', lines);
    }

    private static string Kind(IEnumerable<string> tags)
    {
        foreach (var tag in tags)
            switch (tag)
            {
                case "Keyword": return "keyword";
                case "Snippet": return "snippet";
                case "Method" or "ExtensionMethod": return "method";
                case "Property": return "property";
                case "Field" or "Constant" or "EnumMember": return "field";
                case "Local" or "Parameter" or "RangeVariable": return "variable";
                case "Class" or "Structure" or "Interface" or "Enum" or "Delegate" or "Record" or "RecordStruct": return "class";
                case "Namespace": return "module";
                case "Event": return "event";
            }
        return "text";
    }

    public void Dispose() => workspace.Dispose();

    /// <summary>The parts of a symbol's XML documentation that inspection at detail level 1 shows.</summary>
    private static class Documentation
    {
        public static List<(string Heading, string Text)> Details(ISymbol symbol)
        {
            var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
            if (string.IsNullOrWhiteSpace(xml)) return [];
            XElement doc;
            try { doc = XElement.Parse(xml); }
            catch (System.Xml.XmlException) { return []; }
            var details = new List<(string, string)>();
            var parameters = doc.Elements("param").Select(p => $"{(string?)p.Attribute("name")}: {Text(p)}").ToList();
            if (parameters.Count > 0) details.Add(("Parameters", string.Join('\n', parameters)));
            if (doc.Element("returns") is { } returns) details.Add(("Returns", Text(returns)));
            var exceptions = doc.Elements("exception").Select(e => $"{Cref(e)}: {Text(e)}").ToList();
            if (exceptions.Count > 0) details.Add(("Exceptions", string.Join('\n', exceptions)));
            if (doc.Element("remarks") is { } remarks) details.Add(("Remarks", Text(remarks)));
            return details;
        }

        private static string Cref(XElement e) => ((string?)e.Attribute("cref") ?? "")[2..].Trim();

        /// <summary>The element's text, with &lt;see cref&gt; and &lt;paramref&gt; as their names, white space collapsed.</summary>
        private static string Text(XElement e)
        {
            var text = string.Concat(e.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } s => ((string?)s.Attribute("cref"))?.Split(':').Last().Split('.').Last()
                                                                      ?? (string?)s.Attribute("langword") ?? s.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } p => (string?)p.Attribute("name") ?? "",
                XElement other => Text(other),
                _ => "",
            }));
            return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
