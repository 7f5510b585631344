using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Kernel.Spec;
using Course.Notebooks.Model;

namespace Course.Kernel.Tests;

/// <summary>
/// End to end as a student sees it: Debian's Jupyter Notebook server with this kernel installed, the notebook opened
/// in headless Chromium (driven over the DevTools protocol), its cells run from the page, and a screenshot taken once
/// the Plotly chart is drawn. The screenshot is kept in the test output folder (browser-e2e.png) for a person to look at.
/// </summary>
public sealed class BrowserEndToEndTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), $"browser-e2e-{Guid.NewGuid():N}");
    private readonly List<Process> processes = [];

    public void Dispose()
    {
        foreach (var p in processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); p.WaitForExit(5000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }


    private Process Start(string file, IEnumerable<string> args, Action<ProcessStartInfo>? configure = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        configure?.Invoke(psi);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        processes.Add(p);
        return p;
    }

    private static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try { if (await condition()) return true; } catch (Exception e) when (e is HttpRequestException or WebSocketException or JsonException or InvalidOperationException) { }
            await Task.Delay(500);
        }
        return false;
    }

    [Fact]
    public async Task A_notebook_in_Jupyter_in_Chromium_draws_a_Plotly_chart()
    {
        string library = TestPaths.LabsLibrary();
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: environment/install-test-tools.sh installs it.");
        string jupyterData = Path.Combine(work, "share", "jupyter");
        KernelSpec.Install(jupyterData, ["dotnet", Path.Combine(AppContext.BaseDirectory, "labs.dll")], "labs-csharp-e2e");

        var nb = Notebook.NewCSharp();
        nb.Metadata["kernelspec"] = new JsonObject { ["name"] = "labs-csharp-e2e", ["display_name"] = "C# (labs)", ["language"] = "C#" };
        nb.Cells.Add(Cell.Code($"#r \"{Path.Combine(library, "Course.Labs.dll")}\"\n#r \"{Path.Combine(library, "TorchSharp.dll")}\"\nusing Course.Labs.Plots;"));
        nb.Cells.Add(Cell.Code("Charts.Lines([1.0, 2, 3, 4], new Dictionary<string, IReadOnlyList<double>> { [\"loss\"] = [1.0, 0.5, 0.3, 0.2] }, \"Training loss\", \"epoch\", \"loss\")"));
        Directory.CreateDirectory(Path.Combine(work, "notebooks"));
        NotebookFile.Write(nb, Path.Combine(work, "notebooks", "chart.ipynb"));

        int jupyterPort = FreePort(), debugPort = FreePort();
        Start("/usr/bin/python3", ["-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={jupyterPort}",
                                   "--NotebookApp.token=", "--NotebookApp.password=", $"--notebook-dir={Path.Combine(work, "notebooks")}"],
              psi =>
              {
                  psi.Environment["JUPYTER_PATH"] = jupyterData;
                  psi.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(work, "config");
                  psi.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(work, "runtime");
                  psi.Environment["LABS_KERNEL_LOG"] = Path.Combine(work, "kernel.log");
              });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.True(await Until(async () => (await http.GetAsync($"http://127.0.0.1:{jupyterPort}/api")).IsSuccessStatusCode, TimeSpan.FromSeconds(60)),
                    "the Jupyter Notebook server did not start");

        Start("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(work, "chromium")}",
                                    $"--remote-debugging-port={debugPort}", "--window-size=1200,900",
                                    $"http://127.0.0.1:{jupyterPort}/notebooks/chart.ipynb"]);
        string? socketUrl = null;
        Assert.True(await Until(async () =>
        {
            var pages = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{debugPort}/json/list"))!.AsArray();
            socketUrl = pages.Select(p => p!).Where(p => (string?)p["type"] == "page" && ((string?)p["url"] ?? "").Contains("chart.ipynb"))
                             .Select(p => (string?)p["webSocketDebuggerUrl"]).FirstOrDefault();
            return socketUrl is not null;
        }, TimeSpan.FromSeconds(60)), "Chromium did not open the notebook page");

        using var devtools = new DevTools(new Uri(socketUrl!));
        await devtools.ConnectAsync();
        Assert.True(await Until(async () => await devtools.EvaluateAsync("!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())") is true,
                    TimeSpan.FromSeconds(120)), "the page never connected to the C# kernel; kernel log: " + Log());
        await devtools.EvaluateAsync("Jupyter.notebook.execute_all_cells(), true");
        bool drawn = await Until(async () => await devtools.EvaluateAsync("document.querySelectorAll('.output_area .js-plotly-plot .scatterlayer .trace').length > 0") is true,
                                 TimeSpan.FromSeconds(180));
        string screenshot = Path.Combine(AppContext.BaseDirectory, "browser-e2e.png");
        await File.WriteAllBytesAsync(screenshot, await devtools.ScreenshotAsync());
        Assert.True(drawn, $"no Plotly chart was drawn in the output (screenshot: {screenshot}); kernel log: {Log()}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is suspiciously small");
        Assert.Equal("Training loss", await devtools.EvaluateAsync("document.querySelector('.js-plotly-plot .gtitle').textContent") as string);
    }

    private string Log() => File.Exists(Path.Combine(work, "kernel.log")) ? File.ReadAllText(Path.Combine(work, "kernel.log")) : "(none)";

    /// <summary>The few Chrome DevTools protocol calls the test needs: evaluate JavaScript, take a screenshot.</summary>
    private sealed class DevTools(Uri endpoint) : IDisposable
    {
        private readonly ClientWebSocket socket = new();
        private int nextId;

        public Task ConnectAsync() => socket.ConnectAsync(endpoint, CancellationToken.None);

        private async Task<JsonNode> CallAsync(string method, JsonObject parameters)
        {
            int id = Interlocked.Increment(ref nextId);
            var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[1 << 16];
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    result = await socket.ReceiveAsync(buffer, timeout.Token);
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                var reply = JsonNode.Parse(message.ToArray())!;
                if ((int?)reply["id"] == id) return reply["result"] ?? throw new InvalidOperationException(reply.ToJsonString());
            }
        }

        public async Task<object?> EvaluateAsync(string expression)
        {
            var result = await CallAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
            var value = result["result"]?["value"];
            return value?.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => value.GetValue<string>(),
                _ => value?.ToJsonString(),
            };
        }

        public async Task<byte[]> ScreenshotAsync()
            => Convert.FromBase64String((string)(await CallAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }))["data"]!);

        public void Dispose() => socket.Dispose();
    }
}
