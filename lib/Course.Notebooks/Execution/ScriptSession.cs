using System.Text;
using Course.Notebooks.Dialect;
using Course.Notebooks.Magics;
using Course.Notebooks.Model;
using Course.Notebooks.Output;
using Course.Notebooks.Packages;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks.Execution;

/// <summary>
/// One notebook's C# script state: submissions run one after another (Roslyn scripting), in the notebook's
/// folder, with the Polyglot dialect's references resolved before each submission's code runs.
/// </summary>
public sealed class ScriptSession
{
    private readonly string workingDirectory;
    private readonly NuGetRestorer restorer;
    private readonly ScriptGlobals globals = new();
    private readonly Dictionary<string, PackageReference> packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> sources = [];
    private readonly HashSet<string> referencedPaths = new(StringComparer.Ordinal);
    private ScriptOptions options;
    private ScriptState<object?>? state;

    /// <summary>A session whose scripts run in <paramref name="workingDirectory"/> (the notebook's folder).</summary>
    public ScriptSession(string workingDirectory, NuGetRestorer? restorer = null, NativeFixes? nativeFixes = null)
    {
        this.workingDirectory = Path.GetFullPath(workingDirectory);
        this.restorer = restorer ?? new NuGetRestorer();
        LoadHooks.Install(nativeFixes ?? NativeFixes.Discover(this.workingDirectory));
        ConsoleCapture.Install();
        options = ScriptOptions.Default
            .WithReferences(ScriptReferences.Defaults)
            .WithImports(ScriptReferences.DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(this.workingDirectory))
            .WithSourceResolver(ScriptSourceResolver.Default.WithBaseDirectory(this.workingDirectory))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(true);
    }

    /// <summary>
    /// Compiles and runs a trivial throwaway submission, so that the compiler's one-time start-up cost (mostly JIT)
    /// is paid before the first cell rather than counted in its time and timeout.
    /// </summary>
    public static async Task WarmUpAsync()
    {
        var options = ScriptOptions.Default.WithReferences(ScriptReferences.Defaults).WithImports(ScriptReferences.DefaultImports)
            .WithOptimizationLevel(OptimizationLevel.Release).WithEmitDebugInformation(true).WithFileEncoding(Encoding.UTF8);
        var script = CSharpScript.Create<object?>("var warm = new List<int> { 1 }.Count;\nwarm", options, typeof(ScriptGlobals));
        TrailingExpression.HasValue(script.GetCompilation());
        var warmed = await script.RunAsync(new ScriptGlobals());
        MimeBundle.Of(warmed.ReturnValue);
    }

    /// <summary>Packages loaded so far (name to version).</summary>
    public IReadOnlyDictionary<string, string?> Packages => packages.ToDictionary(p => p.Key, p => p.Value.Version);

    /// <summary>The value kernel's store (<c>#!value</c>), shared by this session's cells.</summary>
    public ValueStore Values { get; } = new();

    /// <summary>
    /// Runs one cell's source, part by part where it selects other kernels (<c>#!html</c>, <c>#!markdown</c>...).
    /// Outputs go to <paramref name="sink"/> (Console included); a trailing C# value becomes an execute_result with
    /// <paramref name="executionCount"/>. <paramref name="kernel"/> is the cell's own kernel (from its metadata), C# by default.
    /// </summary>
    public async Task<CellOutcome> ExecuteAsync(string source, CellLabel cell, CellOutputSink sink, int executionCount, CancellationToken cancel,
        string? kernel = null)
    {
        CellContext.Current = sink;
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = workingDirectory;
        try
        {
            var context = MagicContextFor(cell, sink, cancel);
            foreach (var segment in CellSegments.Split(source, KernelNames.Resolve(kernel) ?? kernel ?? KernelNames.CSharp))
            {
                var outcome = segment.Kernel switch
                {
                    KernelNames.CSharp => await ExecuteCSharpAsync(segment.Code, cell, sink, executionCount, context, cancel),
                    _ when KernelNames.RunsHere(segment.Kernel) => DisplayKernels.Run(segment, context) is { } error ? Fail(sink, error) : CellOutcome.Completed,
                    _ => Fail(sink, MagicCommands.Unsupported(segment.Kernel, Math.Max(1, segment.FirstLine - 1), context)),
                };
                if (outcome.Status != CellStatus.Completed) return outcome;
            }
            return CellOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new CellOutcome(CellStatus.TimedOut);
        }
        catch (Exception e)
        {
            // A formatter that throws, or a failure inside the compiler or loader: the cell fails, the run goes on.
            return Fail(sink, ErrorOutputs.Exception(cell, e));
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
    }

    private async Task<CellOutcome> ExecuteCSharpAsync(string code, CellLabel cell, CellOutputSink sink, int executionCount, MagicContext context,
        CancellationToken cancel)
    {
        CellDirectives directives;
        try { directives = DirectiveParser.Parse(code); }
        catch (DirectiveException e) { return Fail(sink, ErrorOutputs.Directive(cell, e.Line, "DirectiveError", e.Message)); }

        if (LoadReferences(directives, cell, cancel) is { } referenceError) return Fail(sink, referenceError);

        // Code and magic commands run in the order they are written (Polyglot splits a cell the same way); #!time reports last.
        var lines = directives.Code.Split('\n');
        Action? afterCode = null;
        var start = 0;
        foreach (var magic in directives.Magics.Append(null))
        {
            var end = magic?.Line - 1 ?? lines.Length;
            var chunk = string.Join('\n', lines.Select((l, i) => i >= start && i < end ? l : ""));
            if (chunk.Trim().Length > 0)
            {
                var outcome = await RunSubmissionAsync(chunk, cell, sink, executionCount, cancel);
                if (outcome.Status != CellStatus.Completed) return outcome;
            }
            if (magic is null) break;
            var (magicError, after) = await MagicCommands.RunAsync([magic], context);
            if (magicError is not null) return Fail(sink, magicError);
            afterCode += after;
            start = magic.Line;
        }
        afterCode?.Invoke();
        return CellOutcome.Completed;
    }

    private async Task<CellOutcome> RunSubmissionAsync(string code, CellLabel cell, CellOutputSink sink, int executionCount, CancellationToken cancel)
    {
        var cellOptions = options.WithFilePath(cell.FileName);
        Script<object?> Submission(string text) => state is null
            ? CSharpScript.Create<object?>(text, cellOptions, typeof(ScriptGlobals))
            : state.Script.ContinueWith<object?>(text, cellOptions);

        var syntax = Declarations.Parse(code);
        var guarded = InterruptGuard.Rewrite(syntax);
        var script = Submission(guarded ?? code);
        var errors = script.Compile(cancel).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            // The cell's own diagnostics, at its own columns (the guard adds code on lines with loops).
            if (guarded is not null) errors = Submission(code).Compile(cancel).Where(d => d.Severity == DiagnosticSeverity.Error).DefaultIfEmpty(errors[0]).ToList();
            return Fail(sink, ErrorOutputs.Compilation(cell, errors));
        }
        var hasResult = TrailingExpression.HasValue(script.GetCompilation());

        Interruption.Arm(cancel);
        ScriptState<object?> next;
        try
        {
            next = state is null
                ? await script.RunAsync(globals, _ => true, cancel)
                : await script.RunFromAsync(state, _ => true, cancel);
        }
        finally { Interruption.Disarm(cancel); }
        // Only a cell that declares something joins Roslyn's chain of submissions (each link slows every later compilation);
        // a cell that only uses earlier variables changes them where they live.
        if (state is null || Declarations.Any(syntax)) state = next;
        if (next.Exception is { } exception)
        {
            return exception is OperationCanceledException && cancel.IsCancellationRequested
                ? new CellOutcome(CellStatus.TimedOut)
                : Fail(sink, ErrorOutputs.Exception(cell, exception));
        }
        if (hasResult)
            sink.Add(Model.Outputs.ExecuteResult(MimeBundle.Of(next.ReturnValue), executionCount));
        return CellOutcome.Completed;
    }

    /// <summary>The code of the submissions later cells build on (those that declared something), oldest first.</summary>
    public IReadOnlyList<string> Submissions
    {
        get
        {
            var codes = new List<string>();
            for (var script = state?.Script; script is not null; script = script.Previous) codes.Add(script.Code);
            codes.Reverse();
            return codes;
        }
    }

    /// <summary>The references cells compile against now (the framework, the engine, and every #r so far).</summary>
    public IReadOnlyList<MetadataReference> References => options.MetadataReferences;

    /// <summary>The C# variables so far, the last of each name, in the order they were first declared.</summary>
    public IReadOnlyList<Magics.ScriptVariable> Variables
        => state is null ? [] : state.Variables.GroupBy(v => v.Name).Select(g => g.Last()).Select(v => new Magics.ScriptVariable(v.Name, v.Type, v.Value)).ToList();

    private int importDepth;

    /// <summary>Runs the code cells of a notebook (.ipynb, .dib) or C# file (.cs, .csx) in this session, into the importing cell.</summary>
    private async Task<CellOutcome> ImportAsync(string path, CellLabel cell, CellOutputSink sink, CancellationToken cancel)
    {
        var full = Path.GetFullPath(Path.Combine(workingDirectory, path));
        if (!File.Exists(full))
            return Fail(sink, ErrorOutputs.Directive(cell, null, "FileNotFoundError", $"#!import {path}: {full} does not exist (paths are relative to the notebook's folder)."));
        if (importDepth >= 8)
            return Fail(sink, ErrorOutputs.Directive(cell, null, "DirectiveError", $"#!import {path}: imports nest more than 8 deep; does a file import itself?"));
        importDepth++;
        try
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            if (extension is ".cs" or ".csx")
                return await ExecuteAsync(await File.ReadAllTextAsync(full, cancel), cell, sink, 0, cancel);
            Notebook imported;
            try { imported = NotebookFile.Read(full); }
            catch (NotebookFormatException e) { return Fail(sink, ErrorOutputs.Directive(cell, null, "NotebookFormatError", $"#!import {path}: {e.Message}")); }
            var defaultKernel = (string?)imported.Metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"];
            foreach (var code in imported.Cells.Where(c => c.IsCode))
            {
                var outcome = await ExecuteAsync(code.Source, cell, sink, 0, cancel, DibFile.KernelOf(code, defaultKernel));
                if (outcome.Status != CellStatus.Completed) return outcome;
            }
            return CellOutcome.Completed;
        }
        finally { importDepth--; }
    }

    private MagicContext MagicContextFor(CellLabel cell, CellOutputSink sink, CancellationToken cancel) => new()
    {
        Cell = cell.ToString(),
        Sink = sink,
        Variables = () => Variables,
        Values = Values,
        WorkingDirectory = workingDirectory,
        Declare = async (name, value) =>
        {
            string declaration;
            try { declaration = VariableHandoff.Declaration(name, value); }
            catch (ArgumentException e) { return ErrorOutputs.Directive(cell, null, "DirectiveError", e.Message); }
            var outcome = await RunSubmissionAsync(declaration, cell, sink, 0, cancel);
            return outcome.Error;
        },
        Import = async path =>
        {
            var outcome = await ImportAsync(path, cell, sink, cancel);
            return outcome.Error;
        },
    };

    private static CellOutcome Fail(CellOutputSink sink, System.Text.Json.Nodes.JsonObject error)
    {
        // An error from an imported cell is in the outputs already.
        if (!sink.Outputs.Contains(error)) sink.Add(error);
        return new CellOutcome(CellStatus.Failed, error);
    }

    private System.Text.Json.Nodes.JsonObject? LoadReferences(CellDirectives directives, CellLabel cell, CancellationToken cancel)
    {
        var newReferences = new List<string>();
        foreach (var dll in directives.Assemblies)
        {
            var path = Path.GetFullPath(Path.Combine(workingDirectory, dll));
            if (!File.Exists(path))
                return ErrorOutputs.Directive(cell, null, "ReferenceError",
                    $"#r \"{dll}\": {path} does not exist. Paths are relative to the notebook's folder; build the library first if it is a project output.");
            var folder = Path.GetDirectoryName(path)!;
            LoadHooks.AddAssemblyFolder(folder);
            var (depsManaged, depsNative) = DepsJson.Read(path);
            LoadHooks.AddManaged(depsManaged);
            LoadHooks.AddNatives(depsNative);
            // Natives imported by the DLL's dependencies (in its folder or its packages) are loaded before its code runs.
            LoadHooks.PreloadImportedNatives(Directory.EnumerateFiles(folder, "*.dll").Concat(depsManaged));
            newReferences.Add(path);
            newReferences.AddRange(depsManaged.Where(d => !NuGetRestorer.IsFrameworkAssembly(d)));
        }

        sources.AddRange(directives.Sources.Select(s => NuGetRestorer.ResolveSource(s, workingDirectory)).Where(s => !sources.Contains(s)));
        var requested = new List<PackageReference>();
        foreach (var p in directives.Packages)
        {
            if (packages.TryGetValue(p.Name, out var loaded))
            {
                if (p.Version is not null && !string.Equals(loaded.Version, p.Version, StringComparison.OrdinalIgnoreCase))
                    return ErrorOutputs.Directive(cell, null, "PackageVersionConflict",
                        $"#r \"nuget: {p}\": {loaded.Name} {loaded.Version ?? "(latest)"} is already loaded in this notebook and a second version cannot be loaded; use one version in every cell (restart to change it).");
                continue;
            }
            requested.Add(p);
        }
        if (requested.Count > 0)
        {
            PackageResolution resolution;
            var all = packages.Values.Concat(requested).ToList();
            var notes = new List<string>();
            var restore = PackageSubstitutions.Apply(all, notes);
            foreach (var note in notes) ConsoleCapture.OriginalError.WriteLine($"labs: {cell}: {note}");
            try { resolution = restorer.Resolve(restore, sources, cancel); }
            catch (PackageRestoreException e)
            {
                return ErrorOutputs.Directive(cell, null, "PackageRestoreError", e.Message);
            }
            foreach (var p in requested) packages[p.Name] = p;
            LoadHooks.AddManaged(resolution.ManagedAssemblies);
            LoadHooks.AddNatives(resolution.NativeLibraries);
            newReferences.AddRange(resolution.ManagedAssemblies);
        }
        var added = newReferences.Where(referencedPaths.Add).ToList();
        LoadHooks.PreloadImportedNatives(added);
        if (added.Count > 0)
            options = options.AddReferences(added.Select(ScriptReferences.FromFile));
        return null;
    }
}
