using System.Reflection;

namespace Course.Labs.Plots;

/// <summary>
/// plotly.js for offline charts, read from the copy Plotly.NET embeds (plotly-2.28.0.min.js). A notebook page needs
/// it once: by default only the first chart of the process carries it; later charts wait for <c>window.Plotly</c>.
/// </summary>
public static class PlotlyScript
{
    private const string ResourceName = "Plotly.NET.plotly-2.28.0.min.js";
    private static readonly Lazy<string> Source = new(ReadSource);
    private static int included;

    /// <summary>When true every chart embeds plotly.js (about 3.5 MB each): safe for outputs viewed on their own.</summary>
    public static bool IncludeInEveryChart { get; set; }

    /// <summary>The minified plotly.js source.</summary>
    public static string JavaScript => Source.Value;

    /// <summary>A &lt;script&gt; with plotly.js if this output must carry it, else an empty string.</summary>
    internal static string ScriptTagIfNeeded()
    {
        if (!IncludeInEveryChart && Interlocked.Exchange(ref included, 1) == 1) return "";
        // Hide AMD define (classic Jupyter's require.js) so plotly.js sets window.Plotly instead of registering a module.
        return "<script type=\"text/javascript\">(function(){var __define=window.define;window.define=undefined;\n"
               + JavaScript + "\nwindow.define=__define;})();</script>";
    }

    /// <summary>Lets the next chart carry plotly.js again (e.g. after the notebook page was reloaded).</summary>
    public static void Reset() => Interlocked.Exchange(ref included, 0);

    private static string ReadSource()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"plotly.js ('{ResourceName}') is not embedded in {assembly.GetName()}; check the Plotly.NET package version (6.0.0).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
