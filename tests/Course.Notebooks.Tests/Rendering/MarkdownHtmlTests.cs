using Course.Notebooks.Model;
using Course.Notebooks.Rendering;

namespace Course.Notebooks.Tests.Rendering;

/// <summary>Markdown through Markdig, with math typeset to MathML by the embedded KaTeX.</summary>
public class MarkdownHtmlTests
{
    private static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return Path.Combine(dir.FullName, relative);
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Lab_7s_markdown_shows_its_table_numbered_list_and_typeset_formulas()
    {
        var lab = NotebookFile.Read(RepositoryFile("notebooks/lab7-triplet-knn.ipynb"));
        var html = string.Join("\n", lab.Cells.Where(c => c.CellType == CellTypes.Markdown).Select(c => MarkdownHtml.ToHtml(c.Source)));
        // The triplet loss table, with formulas inside its cells.
        Assert.Matches("<table>\\s*<thead>\\s*<tr>\\s*<th></th>\\s*<th>condition</th>\\s*<th>loss</th>", html);
        Assert.Matches("<td>violated</td>\\s*<td><span><math", html);
        // $d(x, y) = \lVert \Phi(x) - \Phi(y) \rVert_2$ typeset: Φ as an identifier, the norm bars as operators, TeX kept as annotation.
        Assert.Contains("<mi mathvariant=\"normal\">Φ</mi>", html);
        Assert.Contains("<annotation encoding=\"application/x-tex\">d(x, y) = \\lVert \\Phi(x) - \\Phi(y) \\rVert_2</annotation>", html);
        // The display formula of the loss ($$...$$) is typeset in display style.
        Assert.Contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\"><semantics><mrow><mi>L</mi>", html);
        Assert.Contains("<ol>", html);
        Assert.DoesNotContain("$$", html);   // the multi-line $$...$$ of batch-hard mining too
        Assert.Contains("<mi>L</mi><mrow><mi>B</mi><mi>H</mi></mrow>", html);
    }

    [Fact]
    public void A_formula_katex_cannot_render_is_shown_as_its_tex_and_a_huge_one_is_not_rendered()
    {
        Assert.Contains("\\frac{1}{", MarkdownHtml.ToHtml("$\\frac{1}{$ and text"));
        var huge = MarkdownHtml.ToHtml("$" + string.Concat(Enumerable.Repeat("x^2+", 2000)) + "1$");
        Assert.Contains("<code>", huge);
        Assert.DoesNotContain("<math", huge);
    }

    [Fact]
    public void Raw_html_in_markdown_is_sanitized()
    {
        var html = MarkdownHtml.ToHtml("<span style=\"color:red;position:fixed;top:0\">x</span> <a href=\"javascript:alert(1)\">y</a> <svg onload=alert(1)></svg>");
        Assert.Contains("color", html);
        Assert.DoesNotContain("position", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("onload", html);
    }
}
