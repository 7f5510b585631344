using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Notebooks.Formatting;

/// <summary>
/// The formatters the engine adds to the library's defaults for types it does not own (Plotly.NET's charts, see
/// <see cref="PlotlyChartFormatter"/>; DisplayTable's tables as HTML and CSV); the engine's own types carry theirs (<see cref="TypeFormatterSourceAttribute"/>).
/// Registered when their assembly loads, and again after a notebook's <c>Formatter.ResetToDefault()</c>, which a
/// sentinel registration reveals.
/// </summary>
internal static class KnownFormatters
{
    private const string SentinelMime = "application/x-labs-formatters-registered";
    private static readonly object Gate = new();
    private static bool hooked;

    /// <summary>Registers them unless they are in place.</summary>
    public static void EnsureRegistered()
    {
        if (Formatter.GetPreferredMimeTypesFor(typeof(Sentinel)).Contains(SentinelMime)) return;
        lock (Gate)
        {
            if (!hooked)
            {
                hooked = true;
                AppDomain.CurrentDomain.AssemblyLoad += (_, e) => { lock (Gate) PlotlyChartFormatter.RegisterFrom(e.LoadedAssembly); };
            }
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies()) PlotlyChartFormatter.RegisterFrom(assembly);
            // DisplayTable's tabular data resource: an HTML table and CSV, as Polyglot shows it.
            Formatter.SetPreferredMimeTypesFor(typeof(Microsoft.DotNet.Interactive.Formatting.TabularData.TabularDataResource), HtmlFormatter.MimeType, "text/csv");
            Formatter.SetPreferredMimeTypesFor(typeof(Sentinel), SentinelMime);
        }
    }

    private sealed class Sentinel;
}
