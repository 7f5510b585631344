using System.Diagnostics;

namespace Course.Notebooks.Tests.Support;

/// <summary>Debian's headless Chromium as an oracle for pages: the DOM after scripts ran, network blocked.</summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>The page's DOM after up to 10 s of (virtual) time, with every network request sent to a dead proxy.</summary>
    public static string RenderedDom(string page)
    {
        Assert.True(File.Exists(Path), "headless Chromium is needed for this test: apt-get install -y chromium (environment/test-packages.txt)");
        var psi = new ProcessStartInfo(Path)
        {
            ArgumentList =
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--proxy-server=127.0.0.1:9", "--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri,
            },
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        _ = p.StandardError.ReadToEndAsync();
        var dom = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return dom;
    }

    /// <summary>The document a notebook page frames (its srcdoc attribute, decoded).</summary>
    public static string FramedDocument(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "srcdoc=\"([^\"]*)\"");
        Assert.True(match.Success, "the page frames no notebook document");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
