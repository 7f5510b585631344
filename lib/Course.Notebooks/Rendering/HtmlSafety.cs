using Ganss.Xss;

namespace Course.Notebooks.Rendering;

/// <summary>
/// Untrusted HTML (a notebook's outputs and markdown, a student's answers) in the pages the tools write: cleaned by
/// HtmlSanitizer to an allowlist (no script, no event handler, no form, no frame, no javascript: URL, no style that can
/// lift content out of its box), with MathML kept; and the Content-Security-Policy lines those pages carry.
/// </summary>
public static class HtmlSafety
{
    /// <summary>
    /// The policy of pages that run no script at all (feedback, written answers, indexes): nothing loads from anywhere,
    /// images only from data: URLs, no form goes anywhere.
    /// </summary>
    public const string NoScriptPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>The &lt;meta&gt; that sets <paramref name="policy"/> for the page it heads.</summary>
    public static string PolicyMeta(string policy) => $"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">";

    private static readonly string[] MathTags =
    [
        "math", "semantics", "annotation", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac",
        "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd", "mpadded", "mphantom", "mstyle", "menclose",
        "mmultiscripts", "mprescripts", "none",
    ];

    private static readonly string[] MathAttributes =
    [
        "xmlns", "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "encoding", "columnalign",
        "rowspacing", "columnspacing", "rowlines", "columnlines", "frame", "depth", "voffset", "accent", "accentunder",
        "scriptlevel", "displaystyle", "minsize", "maxsize", "movablelimits", "linethickness", "notation", "symmetric", "largeop",
    ];

    private static readonly string[] Forbidden = ["form", "input", "button", "textarea", "select", "option", "optgroup", "fieldset", "label", "legend"];

    /// <summary>CSS properties that could move content out of the box it is shown in (over the grader's own text).</summary>
    private static readonly string[] PlacingCss = ["position", "z-index", "top", "left", "right", "bottom", "inset", "transform", "translate", "margin", "margin-top", "margin-left", "margin-right", "margin-bottom", "float", "clip", "clip-path"];

    private static readonly ThreadLocal<HtmlSanitizer> sanitizer = new(Create);

    private static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        foreach (var t in MathTags) s.AllowedTags.Add(t);
        foreach (var a in MathAttributes) s.AllowedAttributes.Add(a);
        foreach (var t in Forbidden) s.AllowedTags.Remove(t);
        foreach (var p in PlacingCss) s.AllowedCssProperties.Remove(p);
        s.AllowedSchemes.Add("data");
        s.AllowedSchemes.Add("mailto");
        return s;
    }

    /// <summary>The HTML with everything outside the allowlist removed.</summary>
    public static string Sanitize(string html) => sanitizer.Value!.Sanitize(html);
}
