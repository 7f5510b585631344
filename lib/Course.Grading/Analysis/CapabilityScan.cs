using Course.Grading.Nbgrader;
using Course.Notebooks.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Grading.Analysis;

/// <summary>
/// Finds, in the code a student wrote (answers, and cells that differ from every cell of the key), what can reach
/// into the grading worker from inside its process: reflection, unsafe code and pointers, interop and raw memory,
/// raw file descriptors and the process's own standard streams, process-exit hooks. Such code could read the worker's
/// channel key and forge its replies; the sandbox cannot stop what runs in the worker's own process, so these are
/// listed for the instructor to review (the score is not changed: honest code rarely needs them, but may).
/// </summary>
public static class CapabilityScan
{
    private static readonly string[] Namespaces =
    [
        "System.Reflection", "System.Runtime.InteropServices", "System.Runtime.CompilerServices", "System.Runtime.Loader",
        "Microsoft.Win32.SafeHandles", "System.IO.Pipes", "System.IO.MemoryMappedFiles",
    ];

    private static readonly string[] Members =
    [
        "System.Console.OpenStandardInput", "System.Console.OpenStandardOutput", "System.Console.OpenStandardError",
        "System.Console.SetIn", "System.Console.SetOut", "System.Console.SetError",
        "System.AppDomain.ProcessExit", "System.AppDomain.UnhandledException", "System.AppDomain.AssemblyLoad",
        "System.Runtime.Loader.AssemblyLoadContext.Unloading", "System.Type.GetType", "System.Activator.CreateInstance",
    ];

    /// <summary>"cell N: what" for each capability the student's own code uses, at most a few per cell.</summary>
    public static IReadOnlyList<string> Find(ScriptChain chain, Notebook key, CancellationToken cancel = default)
    {
        var keySources = key.Cells.Where(c => c.IsCode).Select(c => Normalize(c.Source)).ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        int index = 0;
        foreach (var (cell, compilation) in chain.Submissions)
        {
            index++;
            var kind = GradingCell.Kind(cell);
            bool theirs = kind is GradingKind.AutogradedAnswer or GradingKind.ManualAnswer
                          || (kind == GradingKind.None && !keySources.Contains(Normalize(cell.Source)));
            if (!theirs) continue;
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var uses = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var node in tree.GetRoot(cancel).DescendantNodesAndSelf())
            {
                if (node is UnsafeStatementSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or StackAllocArrayCreationExpressionSyntax)
                    uses.Add("unsafe code");
                else if (node is SimpleNameSyntax name && (model.GetSymbolInfo(name, cancel).Symbol ?? model.GetSymbolInfo(name, cancel).CandidateSymbols.FirstOrDefault()) is { } symbol
                         && Capability(symbol) is { } what)
                    uses.Add(what);
                if (uses.Count >= 4) break;
            }
            if (uses.Count > 0) found.Add($"cell {index} ({(GradingCell.GradeId(cell) is { } id ? $"'{id}'" : "a cell of the student's")}) uses {string.Join(", ", uses)}");
        }
        return found;
    }

    private static string? Capability(ISymbol symbol)
    {
        var definition = symbol.OriginalDefinition;
        string full = definition.ContainingType is { } type ? $"{type.ToDisplayString()}.{definition.Name}" : definition.ToDisplayString();
        if (Members.Contains(full)) return full;
        // The symbol's own namespace, or the namespace of what it returns (typeof(X).GetField(...) gives a FieldInfo).
        foreach (var ns in new[] { Namespace(definition), Namespace(Returned(definition)) })
            if (ns is not null && Namespaces.Any(n => ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal)))
                return $"{full} ({ns})";
        return null;
    }

    private static ITypeSymbol? Returned(ISymbol symbol) => symbol switch
    {
        IMethodSymbol m => m.ReturnType, IPropertySymbol p => p.Type, IFieldSymbol f => f.Type, _ => null,
    };

    private static string? Namespace(ISymbol? symbol)
    {
        var ns = symbol is INamespaceSymbol n ? n : symbol?.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString();
    }

    private static string Normalize(string source) => source.Replace("\r\n", "\n").Trim();
}
