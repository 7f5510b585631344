namespace Course.Labs.Display;

/// <summary>A piece of HTML as a value: the library's formatter renders it as text/html in a notebook.</summary>
public sealed class HtmlFragment(string html) : IHtmlContent
{
    public string Html { get; } = html;

    public string ToHtml() => Html;

    public override string ToString() => Html;
}
