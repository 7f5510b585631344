using System.Text.RegularExpressions;
using Course.Notebooks.Model;

namespace Course.Cli.Release;

/// <summary>
/// Turns a lab's reference to the helper library's build output (<c>#r "../lib/Course.Labs/bin/Release/net10.0/Course.Labs.dll"</c>
/// and the <c>#r "…/TorchSharp.dll"</c> beside it) into a package reference a release folder can satisfy:
/// <c>#i "nuget: FEED"</c> (the release's own feed, relative to the notebook) and <c>#r "nuget: Course.Labs, VERSION"</c>,
/// which brings TorchSharp and the rest as its dependencies. Polyglot understands both directives too.
/// </summary>
public static partial class LibraryReference
{
    /// <summary>The package id of the helper library.</summary>
    public const string PackageId = "Course.Labs";

    [GeneratedRegex("^#r\\s+\"(?<folder>[^\"]*/)?(?<file>[^/\"]+\\.dll)\"\\s*$")]
    private static partial Regex AssemblyDirective();

    /// <summary>
    /// Rewrites every code cell of <paramref name="notebook"/>: the <c>#r</c> of Course.Labs.dll becomes the two
    /// package directives, and <c>#r</c>s of other DLLs in that same folder (TorchSharp.dll) are dropped. Returns how
    /// many cells changed; a notebook that never references Course.Labs.dll is left alone.
    /// </summary>
    public static int ToPackage(Notebook notebook, string feedRelativeToNotebook, string version)
    {
        int changed = 0;
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
        {
            var lines = cell.Source.Split('\n');
            var matches = lines.Select(line => AssemblyDirective().Match(line.TrimEnd('\r'))).ToList();
            int labs = matches.FindIndex(m => m.Success && m.Groups["file"].Value == PackageId + ".dll");
            if (labs < 0) continue;
            string libraryFolder = matches[labs].Groups["folder"].Value;
            var result = new List<string>();
            for (int i = 0; i < lines.Length; i++)
            {
                if (i == labs)
                {
                    result.Add($"#i \"nuget: {feedRelativeToNotebook.Replace('\\', '/')}\"");
                    result.Add($"#r \"nuget: {PackageId}, {version}\"");
                }
                else if (!(matches[i].Success && matches[i].Groups["folder"].Value == libraryFolder))
                    result.Add(lines[i]);
            }
            cell.Source = string.Join('\n', result);
            changed++;
        }
        return changed;
    }
}
