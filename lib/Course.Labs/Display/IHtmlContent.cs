namespace Course.Labs.Display;

/// <summary>A value that renders itself as an HTML fragment in a notebook (its formatter calls <see cref="ToHtml"/>).</summary>
public interface IHtmlContent
{
    /// <summary>A self-contained HTML fragment (no &lt;html&gt; or &lt;body&gt;).</summary>
    string ToHtml();
}
