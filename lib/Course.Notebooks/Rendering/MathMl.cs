using System.Reflection;
using System.Security.Cryptography;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace Course.Notebooks.Rendering;

/// <summary>
/// TeX to MathML, offline: KaTeX 0.19.1 (MIT; its katex.min.js embedded from the npm package, see KaTeX/LICENSE) run in
/// Jint with <c>output: "mathml"</c>, so pages show typeset formulas with no script, no font and no network (every
/// current browser renders MathML Core). Bounded: a formula of at most <see cref="MaxTexChars"/>, KaTeX's macro
/// expansion limit, and a time and memory limit on the interpreter; a formula KaTeX cannot render is shown as its TeX.
/// </summary>
public static class MathMl
{
    /// <summary>The longest TeX source rendered.</summary>
    public const int MaxTexChars = 4000;

    /// <summary>The SHA-256 of the embedded katex.min.js (the npm package katex 0.19.1's dist file).</summary>
    public const string KatexSha256 = "fa140498b8cfc8302cbe5e7cb1bdbc1f952bc38b3fa258ede09e73edbf9a74bc";

    private static readonly Lazy<(Engine Engine, JsValue Render)> katex = new(Load);
    private static readonly object Gate = new();

    /// <summary>The MathML of <paramref name="tex"/> (display style when <paramref name="display"/>); a &lt;code&gt; with the TeX when it cannot be rendered.</summary>
    public static string Render(string tex, bool display)
    {
        if (tex.Length > MaxTexChars) return Fallback(tex);
        lock (Gate)
        {
            try
            {
                var (engine, render) = katex.Value;
                return engine.Invoke(render, tex, display).AsString();
            }
            catch (Exception e) when (e is JavaScriptException or TimeoutException or MemoryLimitExceededException or RecursionDepthOverflowException
                                        or StatementsCountOverflowException or InvalidOperationException)
            {
                return Fallback(tex);
            }
        }
    }

    private static string Fallback(string tex) => $"<code class=\"math-tex\">{System.Net.WebUtility.HtmlEncode(tex)}</code>";

    private static (Engine, JsValue) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Course.Notebooks.Rendering.katex.min.js")
                           ?? throw new InvalidOperationException("katex.min.js is not embedded in Course.Notebooks");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd();
        if (Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script))) != KatexSha256)
            throw new InvalidOperationException("the embedded katex.min.js is not KaTeX 0.19.1's");
        var engine = new Engine(o => o.TimeoutInterval(TimeSpan.FromSeconds(5)).LimitMemory(256L << 20).LimitRecursion(2000).Strict(false));
        engine.Execute(script);
        var render = engine.Evaluate(
            "(function (tex, display) { return katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: false, trust: false, maxExpand: 500, maxSize: 20 }); })");
        return (engine, render);
    }
}
