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
using Course.Tests.Shared;

namespace Course.Kernel.Tests;

/// <summary>
/// End to end as a student sees it: Debian's Jupyter Notebook server with this kernel installed, the notebook opened
/// in headless Chromium (driven over the DevTools protocol), its cells run from the page, and a screenshot taken once
/// the Plotly chart is drawn; and a lab of a student release, set up outside the repository, opened on the kernel its
/// own metadata names and run up to its first exercise. The screenshots are kept in the test output folder
/// (browser-e2e.png, browser-release-e2e.png) for a person to look at.
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
        string jupyterData = Path.Combine(work, "share", "jupyter");
        KernelSpec.Install(jupyterData, ["dotnet", Path.Combine(AppContext.BaseDirectory, "labs.dll")], "labs-csharp-e2e");

        var nb = Notebook.NewCSharp();
        nb.Metadata["kernelspec"] = new JsonObject { ["name"] = "labs-csharp-e2e", ["display_name"] = "C# (labs)", ["language"] = "C#" };
        nb.Cells.Add(Cell.Code($"#r \"{Path.Combine(library, "Course.Labs.dll")}\"\n#r \"{Path.Combine(library, "TorchSharp.dll")}\"\nusing Course.Labs.Plots;"));
        nb.Cells.Add(Cell.Code("Charts.Lines([1.0, 2, 3, 4], new Dictionary<string, IReadOnlyList<double>> { [\"loss\"] = [1.0, 0.5, 0.3, 0.2] }, \"Training loss\", \"epoch\", \"loss\")"));
        Directory.CreateDirectory(Path.Combine(work, "notebooks"));
        NotebookFile.Write(nb, Path.Combine(work, "notebooks", "chart.ipynb"));

        using var devtools = await OpenInJupyterAsync(Path.Combine(work, "notebooks"), "chart.ipynb", env =>
        {
            env["JUPYTER_PATH"] = jupyterData;
            env["JUPYTER_CONFIG_DIR"] = Path.Combine(work, "config");
            env["JUPYTER_RUNTIME_DIR"] = Path.Combine(work, "runtime");
        });
        await devtools.EvaluateAsync("Jupyter.notebook.execute_all_cells(), true");
        bool drawn = await Until(async () => await devtools.EvaluateAsync("document.querySelectorAll('.output_area .js-plotly-plot .scatterlayer .trace').length > 0") is true,
                                 TimeSpan.FromSeconds(180));
        string screenshot = Path.Combine(AppContext.BaseDirectory, "browser-e2e.png");
        await File.WriteAllBytesAsync(screenshot, await devtools.ScreenshotAsync());
        Assert.True(drawn, $"no Plotly chart was drawn in the output (screenshot: {screenshot}); kernel log: {Log()}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is suspiciously small");
        Assert.Equal("Training loss", await devtools.EvaluateAsync("document.querySelector('.js-plotly-plot .gtitle').textContent") as string);
    }

    /// <summary>
    /// Starts Debian's Jupyter Notebook server on <paramref name="folder"/> (its environment set by <paramref name="configure"/>),
    /// opens <paramref name="notebook"/> in headless Chromium, and returns the page once it is connected to its kernel.
    /// </summary>
    private async Task<DevTools> OpenInJupyterAsync(string folder, string notebook, Action<IDictionary<string, string?>> configure)
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: environment/install-test-tools.sh installs it.");
        int jupyterPort = FreePort(), debugPort = FreePort();
        Start("/usr/bin/python3", ["-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={jupyterPort}",
                                   "--NotebookApp.token=", "--NotebookApp.password=", $"--notebook-dir={folder}"],
              psi =>
              {
                  configure(psi.Environment);
                  psi.Environment["LABS_KERNEL_LOG"] = Path.Combine(work, "kernel.log");
              });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.True(await Until(async () => (await http.GetAsync($"http://127.0.0.1:{jupyterPort}/api")).IsSuccessStatusCode, TimeSpan.FromSeconds(60)),
                    "the Jupyter Notebook server did not start");

        Start("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(work, "chromium")}",
                                    $"--remote-debugging-port={debugPort}", "--window-size=1200,900",
                                    $"http://127.0.0.1:{jupyterPort}/notebooks/{notebook}"]);
        string? socketUrl = null;
        Assert.True(await Until(async () =>
        {
            var pages = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{debugPort}/json/list"))!.AsArray();
            socketUrl = pages.Select(p => p!).Where(p => (string?)p["type"] == "page" && ((string?)p["url"] ?? "").Contains(notebook))
                             .Select(p => (string?)p["webSocketDebuggerUrl"]).FirstOrDefault();
            return socketUrl is not null;
        }, TimeSpan.FromSeconds(60)), "Chromium did not open the notebook page");

        var devtools = new DevTools(new Uri(socketUrl!));
        await devtools.ConnectAsync();
        Assert.True(await Until(async () => await devtools.EvaluateAsync("!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())") is true,
                    TimeSpan.FromSeconds(120)), "the page never connected to the C# kernel; kernel log: " + Log());
        return devtools;
    }

    [Fact]
    public async Task A_lab_from_a_student_release_opens_in_Jupyter_Notebook_on_the_kernel_its_metadata_names_and_runs()
    {
        var machine = StudentMachine.SetUp(Path.Combine(AppContext.BaseDirectory, "labs.dll"), TestPaths.RepoRoot(), work);
        const string lab = "lab1-mnist-mlp.ipynb";
        // The server sees the student's HOME: the kernelspec the set-up installed there is the only labs-csharp it finds.
        using var devtools = await OpenInJupyterAsync(Path.Combine(machine.Course, "notebooks"), lab, env =>
        {
            env.Clear();
            foreach (var (k, v) in machine.Environment) env[k] = v;
        });
        Assert.Equal("labs-csharp", await devtools.EvaluateAsync("Jupyter.notebook.kernel.name") as string);

        await devtools.EvaluateAsync("Jupyter.notebook.execute_all_cells(), true");
        // Run All stops at the first error: the test cell after the first exercise, whose stub is not written yet.
        const string errors = "Jupyter.notebook.get_cells().flatMap(c => (c.output_area ? c.output_area.outputs : []).filter(o => o.output_type === 'error').map(o => o.ename))";
        bool stopped = await Until(async () => (await devtools.EvaluateAsync($"{errors}.length > 0 && Jupyter.notebook.kernel_busy === false")) is true
                                               || (await devtools.EvaluateAsync("!!document.querySelector('#kernel_indicator_icon.kernel_idle_icon') && Jupyter.notebook.get_cells().every(c => c.cell_type !== 'code' || c.input_prompt_number !== '*')")) is true,
                                   TimeSpan.FromSeconds(300));
        string screenshot = Path.Combine(AppContext.BaseDirectory, "browser-release-e2e.png");
        await devtools.EvaluateAsync("Jupyter.notebook.scroll_to_top(), true");
        await File.WriteAllBytesAsync(screenshot, await devtools.ScreenshotAsync());
        Assert.True(stopped, $"the lab did not finish running (screenshot: {screenshot}); kernel log: {Log()}");

        string firstOutput = await devtools.EvaluateAsync(
            "Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code')[0].output_area.outputs.map(o => JSON.stringify(o.data || o.text || '')).join(' ')") as string ?? "";
        Assert.Contains("TorchSharp on", firstOutput);
        var firstExercise = await devtools.EvaluateAsync(
            "Jupyter.notebook.get_cells().findIndex(c => c.metadata.nbgrader && c.metadata.nbgrader.solution && c.cell_type === 'code')");
        string before = await devtools.EvaluateAsync(
            $"JSON.stringify(Jupyter.notebook.get_cells().slice(0, {firstExercise}).flatMap(c => (c.output_area ? c.output_area.outputs : []).filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)))") as string ?? "";
        Assert.Equal("[]", before);
        Assert.Equal("[\"NotImplementedException\"]", await devtools.EvaluateAsync($"JSON.stringify({errors})") as string);
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is suspiciously small");
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
