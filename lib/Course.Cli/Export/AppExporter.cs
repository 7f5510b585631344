using System.Text;
using Course.Notebooks.Dialect;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Cli.Export;

/// <summary>
/// Turns a notebook into a .NET file-based app (<c>dotnet run lab.cs</c>): <c>#:package</c> for nuget references,
/// <c>#:project</c> for DLLs built from a project (else a comment), markdown as // comments, code cells in order.
/// C# file rules are applied: usings hoisted to the top, types moved after the statements, trailing values displayed.
/// </summary>
public static class AppExporter
{
    /// <summary>The app's source text; <paramref name="notebookFolder"/> resolves relative DLL paths.</summary>
    public static string Export(Notebook nb, string notebookFolder, string outputFolder)
    {
        var directives = new List<string>();
        var usings = new List<string>();
        var types = new StringBuilder();
        var body = new StringBuilder();
        foreach (var (cell, index) in nb.Cells.Select((c, i) => (c, i + 1)))
        {
            if (cell.CellType == CellTypes.Markdown && !cell.HasTag(PapermillRecord.ErrorCellTag))
            {
                body.AppendLine();
                foreach (var line in cell.Source.ReplaceLineEndings("\n").Split('\n')) body.AppendLine(("// " + line).TrimEnd());
                continue;
            }
            if (!cell.IsCode) continue;
            body.AppendLine().AppendLine($"// cell {index} (id {cell.Id})");
            foreach (var segment in CellSegments.Split(cell.Source, DibFile.KernelOf(cell)))
            {
                if (segment.Kernel != KernelNames.CSharp)
                {
                    body.AppendLine($"// not exported: a {KernelNames.Language(segment.Kernel)} part of the cell ({segment.Selector ?? "#!" + segment.Kernel})");
                    continue;
                }
                var parsed = DirectiveParser.Parse(segment.Code);
                foreach (var p in parsed.Packages) AddOnce(directives, $"#:package {p.Name}@{p.Version ?? "*"}");
                foreach (var dll in parsed.Assemblies) AddOnce(directives, ProjectDirective(dll, notebookFolder, outputFolder));
                foreach (var source in parsed.Sources) AddOnce(directives, $"// NuGet source the notebook used: {source} (add it to a nuget.config beside this file)");
                foreach (var magic in parsed.Magics) body.AppendLine($"// not exported: the notebook magic command {magic.Name}");
                SplitCell(parsed.Code, usings, types, body);
            }
        }
        var text = new StringBuilder();
        foreach (var d in directives) text.AppendLine(d);
        text.AppendLine("// Exported from a notebook by `labs export --to app`; run it with `dotnet run FILE.cs`.");
        foreach (var u in usings) text.AppendLine(u);
        return text.Append(body).AppendLine().Append(FunctionShims).AppendLine().Append(types).Append(TypeShims).ToString();
    }

    private static void SplitCell(string code, List<string> usings, StringBuilder types, StringBuilder body)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(kind: SourceCodeKind.Script)).GetRoot();
        foreach (var u in root.Usings) AddOnce(usings, u.ToString().Trim());
        var last = root.Members.LastOrDefault();
        foreach (var member in root.Members)
        {
            if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
                types.AppendLine(member.ToFullString().Trim('\n').TrimEnd()).AppendLine();
            else if (member == last && member is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } e })
                body.AppendLine($"display({e.Expression.ToString().Trim()});");
            else
                body.AppendLine(member.ToFullString().Trim('\n').TrimEnd());
        }
    }

    /// <summary>The notebook display API as console output, so exported code compiles and still shows its values.</summary>
    private const string FunctionShims = """
        // The notebook display API, printed to the console.
        static Shown display(object? value, params string[] mimeTypes) => value.Display(mimeTypes);
        static string HTML(string html) => html;
        static void glue(string name, object? value) => Console.WriteLine($"{name} = {value}");

        """;

    private const string TypeShims = """
        static class NotebookDisplay
        {
            public static Shown Display(this object? value, params string[] mimeTypes) { Console.WriteLine(value); return new Shown(); }
            public static Shown DisplayAs(this string value, string mimeType) { Console.WriteLine(value); return new Shown(); }
        }

        sealed class Shown { public void Update(object? value) => Console.WriteLine(value); }

        """;

    private static void AddOnce(List<string> list, string line)
    {
        if (!list.Contains(line)) list.Add(line);
    }

    private static string ProjectDirective(string dll, string notebookFolder, string outputFolder)
    {
        var full = Path.GetFullPath(Path.Combine(notebookFolder, dll));
        // bin/<Configuration>/<tfm>/Name.dll built from a project: reference the project itself.
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var project = Path.Combine(dir, Path.GetFileNameWithoutExtension(full) + ".csproj");
            if (File.Exists(project)) return $"#:project {Path.GetRelativePath(outputFolder, dir)}";
        }
        return $"// #r \"{dll}\": no project found for this DLL; reference it from a project or copy its source.";
    }
}
