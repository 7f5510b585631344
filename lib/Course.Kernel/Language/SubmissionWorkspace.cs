using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Text;

namespace Course.Kernel.Language;

/// <summary>What the editor services need to know of a notebook session: its submissions, references, imports and globals.</summary>
/// <param name="Submissions">The code of the submissions later cells build on, oldest first.</param>
/// <param name="References">The references cells compile against.</param>
/// <param name="Imports">The namespaces every cell imports.</param>
/// <param name="GlobalsType">The type whose members every cell sees (display, HTML...).</param>
public sealed record SessionShape(IReadOnlyList<string> Submissions, IReadOnlyList<MetadataReference> References, IReadOnlyList<string> Imports, Type GlobalsType);

/// <summary>
/// A Roslyn workspace that mirrors a notebook session for Roslyn's editor services: one submission project per cell the
/// session keeps, each referencing the one before (as Roslyn's interactive window does), and a working project holding the
/// cell being edited. Projects are added as the session grows; Roslyn compiles each one once, when a service first asks.
/// </summary>
public sealed class SubmissionWorkspace : IDisposable
{
    private static readonly CSharpParseOptions ScriptParse = new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);
    private readonly AdhocWorkspace workspace = new(MefHostServices.Create(MefHostServices.DefaultAssemblies), WorkspaceKind.Interactive);
    private readonly List<(string Code, ProjectId Id)> chain = [];
    private IReadOnlyList<MetadataReference> references = [];
    private ProjectId? working;

    /// <summary>The document holding <paramref name="code"/> as the next cell of the session shaped <paramref name="shape"/>.</summary>
    public Document Next(SessionShape shape, string code)
    {
        lock (chain)
        {
            Sync(shape);
            var solution = workspace.CurrentSolution;
            if (working is not null) solution = solution.RemoveProject(working);
            working = ProjectId.CreateNewId("working");
            solution = solution.AddProject(Project(working, "Submission#" + chain.Count, shape, chain.LastOrDefault().Id));
            var document = DocumentId.CreateNewId(working);
            solution = solution.AddDocument(DocumentInfo.Create(document, "cell.csx", sourceCodeKind: SourceCodeKind.Script,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(code), VersionStamp.Create()))));
            if (!workspace.TryApplyChanges(solution)) throw new InvalidOperationException("the completion workspace did not take the cell.");
            return workspace.CurrentSolution.GetDocument(document)!;
        }
    }

    /// <summary>Adds a project for each new submission; starts over when the session is not the one mirrored (a restart).</summary>
    private void Sync(SessionShape shape)
    {
        var same = chain.Count <= shape.Submissions.Count && chain.Select(c => c.Code).SequenceEqual(shape.Submissions.Take(chain.Count))
                   && references.Count <= shape.References.Count;
        if (!same || !references.SequenceEqual(shape.References))
        {
            workspace.ClearSolution();
            chain.Clear();
            working = null;
            references = shape.References;
        }
        var solution = workspace.CurrentSolution;
        for (var i = chain.Count; i < shape.Submissions.Count; i++)
        {
            var id = ProjectId.CreateNewId($"submission{i}");
            solution = solution.AddProject(Project(id, "Submission#" + i, shape, chain.LastOrDefault().Id));
            solution = solution.AddDocument(DocumentInfo.Create(DocumentId.CreateNewId(id), $"submission{i}.csx", sourceCodeKind: SourceCodeKind.Script,
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(shape.Submissions[i]), VersionStamp.Create()))));
            chain.Add((shape.Submissions[i], id));
        }
        workspace.TryApplyChanges(solution);
    }

    private static ProjectInfo Project(ProjectId id, string name, SessionShape shape, ProjectId? previous) => ProjectInfo.Create(
        id, VersionStamp.Create(), name, name, LanguageNames.CSharp,
        compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, scriptClassName: name, usings: shape.Imports,
            allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable),
        parseOptions: ScriptParse,
        metadataReferences: shape.References,
        projectReferences: previous is null ? [] : [new ProjectReference(previous)],
        isSubmission: true,
        hostObjectType: shape.GlobalsType);

    public void Dispose() => workspace.Dispose();
}
