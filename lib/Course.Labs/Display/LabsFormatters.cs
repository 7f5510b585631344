using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Labs.Display;

/// <summary>
/// Registers text/html formatters (Microsoft.DotNet.Interactive.Formatting) for the library's rich values, so a
/// trailing <c>model.Summary(...)</c>, <c>history</c> or chart renders as a table or plot in a notebook.
/// Called once by <see cref="Runtime.LabsRuntime.Initialize"/>.
/// </summary>
public static class LabsFormatters
{
    /// <summary>Every library type that renders itself as HTML.</summary>
    public static IReadOnlyList<Type> HtmlTypes { get; } = typeof(LabsFormatters).Assembly.GetTypes()
        .Where(t => typeof(IHtmlContent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
        .ToList();

    public static void Register()
    {
        var register = typeof(LabsFormatters).GetMethod(nameof(RegisterHtml), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var registerFigure = typeof(LabsFormatters).GetMethod(nameof(RegisterFigure), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in HtmlTypes)
        {
            register.MakeGenericMethod(type).Invoke(null, null);
            if (typeof(IPlotlyFigure).IsAssignableFrom(type)) registerFigure.MakeGenericMethod(type).Invoke(null, null);
        }
    }

    /// <summary>Charts as the Plotly MIME type first: notebook front ends draw the figure themselves, offline; HTML for the rest.</summary>
    private static void RegisterFigure<T>() where T : IPlotlyFigure
    {
        Formatter.Register<T>((chart, writer) => writer.Write(chart.ToJson()), IPlotlyFigure.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), IPlotlyFigure.MimeType, HtmlFormatter.MimeType);
    }

    private static void RegisterHtml<T>() where T : IHtmlContent
    {
        Formatter.Register<T>((value, writer) => writer.Write(value.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<T>((value, writer) => writer.Write(value.ToString()), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType);
    }
}
