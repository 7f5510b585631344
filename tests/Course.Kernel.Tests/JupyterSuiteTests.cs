using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Kernel.Spec;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;

namespace Course.Kernel.Tests;

/// <summary>
/// The installed kernel (labs kernel start, the real engine) driven by Jupyter's own clients: Debian's
/// jupyter_kernel_test suite, and the update_display_data path it does not cover.
/// </summary>
public sealed class JupyterSuiteTests : IDisposable
{
    private readonly string prefix = Path.Combine(Path.GetTempPath(), $"kernelspec-{Guid.NewGuid():N}");

    public JupyterSuiteTests()
    {
        string labs = Path.Combine(AppContext.BaseDirectory, "labs.dll");
        Assert.True(File.Exists(labs), $"{labs} is missing: Course.Kernel.Tests builds Course.Cli beside it.");
        KernelSpec.Install(Path.Combine(prefix, "share", "jupyter"), ["dotnet", labs], "labs-csharp-test");
    }

    public void Dispose()
    {
        if (Directory.Exists(prefix)) Directory.Delete(prefix, recursive: true);
    }

    private (int ExitCode, string Output) Python(string[] arguments, int timeoutSeconds = 240)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(AppContext.BaseDirectory, "Jupyter"),
        };
        psi.Environment["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter");
        psi.Environment["LABS_KERNEL_LOG"] = Path.Combine(prefix, "kernel.log");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(true); Assert.Fail("the Jupyter client timed out:\n" + stderr.Result); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void Kernel_installs_a_spec_jupyter_can_read()
    {
        string json = File.ReadAllText(Path.Combine(prefix, "share", "jupyter", "kernels", "labs-csharp-test", "kernel.json"));
        var (code, output) = Python(["-c", "import jupyter_client.kernelspec as k; s = k.KernelSpecManager().get_kernel_spec('labs-csharp-test'); print(s.language, s.interrupt_mode, s.display_name)"]);
        Assert.True(code == 0, output);
        Assert.Contains("C# message C# (labs)", output);
        Assert.Contains("{connection_file}", json);
    }

    [Fact]
    public void Passes_jupyter_kernel_test()
    {
        var (code, output) = Python(["-m", "unittest", "-v", "test_csharp_kernel"]);
        Assert.True(code == 0, output + "\nkernel log:\n" + (File.Exists(Path.Combine(prefix, "kernel.log")) ? File.ReadAllText(Path.Combine(prefix, "kernel.log")) : ""));
        // Only the pager test is skipped: a pager payload (IPython's `?`) has no meaning for C#.
        Assert.Contains("OK (skipped=1)", output);
        Assert.Matches(@"test_pager \(.*\) \.\.\. skipped", output);
    }

    [Fact]
    public void Update_of_a_display_reaches_the_front_end_as_update_display_data()
    {
        var (code, output) = Python(["-c", """
            import jupyter_client, json
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name='labs-csharp-test')
            try:
                msg_id = kc.execute('var shown = display("first"); shown.Update("second");')
                seen = []
                while True:
                    m = kc.get_iopub_msg(timeout=60)
                    if m['parent_header'].get('msg_id') != msg_id: continue
                    if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle': break
                    seen.append(m)
                d = [m for m in seen if m['msg_type'] == 'display_data'][0]
                u = [m for m in seen if m['msg_type'] == 'update_display_data'][0]
                assert d['content']['transient']['display_id'] == u['content']['transient']['display_id'], (d, u)
                print(json.dumps(u['content']['data']))
            finally:
                kc.stop_channels(); km.shutdown_kernel(now=True)
            """]);
        Assert.True(code == 0, output);
        Assert.Contains("second", output);
    }


    [Fact]
    public void Restart_is_a_new_process_at_once_and_stdin_interrupt_charts_and_inspect_work()
    {
        var (code, output) = Python(["-c", """
            import jupyter_client, json, time
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name='labs-csharp-test')
            result = {}
            def run(code, allow_stdin=False, answer=None):
                msg_id = kc.execute(code, allow_stdin=allow_stdin)
                if answer is not None:
                    request = kc.get_stdin_msg(timeout=60)
                    result['prompt'] = request['content']['prompt']
                    kc.input(answer)
                outputs = []
                while True:
                    m = kc.get_iopub_msg(timeout=120)
                    if m['parent_header'].get('msg_id') != msg_id: continue
                    if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle': break
                    outputs.append({'type': m['msg_type'], 'content': m['content']})
                while True:
                    reply = kc.get_shell_msg(timeout=120)
                    if reply['parent_header'].get('msg_id') == msg_id: return {'reply': reply['content'], 'outputs': outputs}
            try:
                run('var before = 1;')
                old = km.provisioner.process
                t0 = time.time()
                km.shutdown_kernel(now=False, restart=True)   # what restart_kernel() does before starting the new process
                result['shutdown_seconds'] = time.time() - t0
                result['old_exit_code'] = old.returncode
                km.start_kernel()
                result['new_pid'] = km.provisioner.process.pid != old.pid
                kc.wait_for_ready(timeout=60)
                result['after_restart'] = run('before')['reply']['status']

                result['stdin'] = run('Console.Write("name? "); var name = Console.ReadLine();\nConsole.WriteLine($"hello {name}");', allow_stdin=True, answer='Ada')

                msg_id = kc.execute('long spins = 0;\nwhile (true) spins++;')
                time.sleep(3)
                t0 = time.time()
                kc.control_channel.send(kc.session.msg('interrupt_request', {}))
                while True:
                    reply = kc.get_shell_msg(timeout=60)
                    if reply['parent_header'].get('msg_id') == msg_id: break
                result['interrupt_seconds'] = time.time() - t0
                result['interrupt_reply'] = reply['content']
                result['after_interrupt'] = run('spins > 0')

                result['chart'] = run('#r "nuget: Plotly.NET, 6.0.0"\n#r "nuget: Plotly.NET.CSharp, 0.14.0"\nPlotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2, 3 }, y: new[] { 2, 4, 8 })')
                kc.session.username = 'vscode'   # as VS Code's Jupyter extension names itself
                result['chart_vscode'] = run('Plotly.NET.CSharp.Chart.Line<int, int, string>(x: new[] { 1, 2 }, y: new[] { 2, 4 })')

                msg_id = kc.inspect('Console.WriteLine("x")', 10, detail_level=1)
                while True:
                    reply = kc.get_shell_msg(timeout=60)
                    if reply['parent_header'].get('msg_id') == msg_id: break
                result['inspect'] = reply['content']
            finally:
                kc.stop_channels(); km.shutdown_kernel(now=False)
            print(json.dumps(result))
            """], timeoutSeconds: 400);
        Assert.True(code == 0, output + "\nkernel log:\n" + (File.Exists(Path.Combine(prefix, "kernel.log")) ? File.ReadAllText(Path.Combine(prefix, "kernel.log")) : ""));
        var r = JsonNode.Parse(output.Split('\n').Last(l => l.StartsWith('{')))!;
        // jupyter_client waits for the old process to exit before it starts the new one; a kernel that stays waits the grace
        // period and then gets SIGTERM (exit code -15).
        Assert.True((double)r["shutdown_seconds"]! < 2.0, $"the restart's shutdown took {(double)r["shutdown_seconds"]!:0.0} s");
        Assert.Equal(0, (int)r["old_exit_code"]!);
        Assert.True((bool)r["new_pid"]!);
        Assert.Equal("error", (string?)r["after_restart"]);   // `before` is gone: a fresh process

        Assert.Equal("", (string?)r["prompt"]);
        var stdout = string.Concat(r["stdin"]!["outputs"]!.AsArray().Where(o => (string?)o!["type"] == "stream").Select(o => (string?)o!["content"]!["text"]));
        Assert.Equal("name? hello Ada\n", stdout);

        Assert.True((double)r["interrupt_seconds"]! < 1.0, $"the CPU-bound loop took {(double)r["interrupt_seconds"]!:0.00} s to stop");
        Assert.Equal("error", (string?)r["interrupt_reply"]!["status"]);
        Assert.Equal("KeyboardInterrupt", (string?)r["interrupt_reply"]!["ename"]);
        Assert.Equal("ok", (string?)r["after_interrupt"]!["reply"]!["status"]);

        var chart = r["chart"]!["outputs"]!.AsArray().Single(o => (string?)o!["type"] == "execute_result")!["content"]!["data"]!;
        Assert.Equal("scatter", (string?)chart["application/vnd.plotly.v1+json"]!["data"]![0]!["type"]);
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", (string?)chart["text/html"]);
        Assert.Contains("plotly.js v2.28.0", (string?)chart["text/html"]);   // renders on its own in an HTML-only front end
        var vscode = r["chart_vscode"]!["outputs"]!.AsArray().Single(o => (string?)o!["type"] == "execute_result")!["content"]!["data"]!;
        Assert.NotNull(vscode["application/vnd.plotly.v1+json"]);
        Assert.DoesNotContain("plotly.js v2.28.0", (string?)vscode["text/html"]);   // VS Code draws the MIME type: no copy

        Assert.True((bool)r["inspect"]!["found"]!);
        Assert.Contains("Parameters:", (string?)r["inspect"]!["data"]!["text/plain"]);
    }

    /// <summary>(output type, MIME types) of every output of every code cell, and the scraps' names.</summary>
    private static List<string> Shape(Notebook nb) => nb.Cells.Where(c => c.IsCode).Select((c, i) => $"cell {i + 1}: " + string.Join(" ",
        c.Outputs.Select(o => (string?)o["output_type"] + (o["data"] is JsonObject d ? "[" + string.Join(",", d.Select(p => p.Key).Order()) + "]" : "")
                              + (o["data"]?["application/scrapbook.scrap.json+json"]?["name"] is JsonNode n ? "=" + (string?)n : "")))).ToList();

    [Fact]
    public async Task Nbconvert_through_the_kernel_gives_the_same_outputs_as_labs_run()
    {
        string root = TestPaths.RepoRoot();
        TestPaths.LabsLibrary();
        string source = Path.Combine(root, "notebooks", "lab1-mnist-mlp.ipynb");
        // nbconvert cannot pass parameters: bake the quick profile in, beside the original so relative paths hold.
        var nb = NotebookFile.Read(source);
        ParameterInjector.Inject(nb, Profiles.Load(nb, source, "quick"));
        string input = Path.Combine(root, "notebooks", $".nbconvert-test-{Guid.NewGuid():N}.ipynb");
        string viaKernel = Path.Combine(prefix, "via-kernel.ipynb"), viaLabs = Path.Combine(prefix, "labs");
        NotebookFile.Write(nb, input);
        try
        {
            var (code, output) = Python(["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=labs-csharp-test",
                                         "--ExecutePreprocessor.timeout=600", "--output", viaKernel, input], timeoutSeconds: 900);
            Assert.True(code == 0, output);
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "labs.dll"), "run", input, "-o", viaLabs]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using (var p = Process.Start(psi)!)
            {
                var o = p.StandardOutput.ReadToEndAsync();
                var e = p.StandardError.ReadToEndAsync();
                await p.WaitForExitAsync();
                Assert.True(p.ExitCode == 0, await o + await e);
            }
            var kernel = Shape(NotebookFile.Read(viaKernel));
            var labs = Shape(NotebookFile.Read(Path.Combine(viaLabs, Path.GetFileName(input))));
            Assert.Equal(labs, kernel);
            Assert.Contains(kernel, line => line.Contains("=mlp_test_accuracy"));
        }
        finally { File.Delete(input); }
    }

    [Fact]
    public void Interrupt_stops_a_labs_training_loop_within_a_second_and_keeps_the_model()
    {
        string library = TestPaths.LabsLibrary();
        string setup = $"#r \"{Path.Combine(library, "Course.Labs.dll")}\"\n#r \"{Path.Combine(library, "TorchSharp.dll")}\"\n"
                       + "using Course.Labs.Data; using Course.Labs.Models; using Course.Labs.Training; using static TorchSharp.torch;\n"
                       + "var model = new Mlp(20, 32, 3); var trainer = Trainer.For(model, lr: 0.05);\n"
                       + "var data = BatchSource.FromTensors(randn(2048, 20), randint(0, 3, [2048]), 32);";
        var (code, output) = Python(["-c", $$"""
            import jupyter_client, json, time
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name='labs-csharp-test')
            def reply_to(msg_id, timeout=120):
                while True:
                    m = kc.get_shell_msg(timeout=timeout)
                    if m['parent_header'].get('msg_id') == msg_id: return m['content']
            try:
                r = reply_to(kc.execute({{JsonSerializer.Serialize(setup)}}))
                assert r['status'] == 'ok', r
                msg_id = kc.execute('var history = trainer.Fit(data, 100000, CancellationToken);')
                time.sleep(4)
                t0 = time.time()
                kc.control_channel.send(kc.session.msg('interrupt_request', {}))
                r = reply_to(msg_id)
                seconds = time.time() - t0
                after = reply_to(kc.execute('$"{trainer.EpochsCompleted} {history.StopReason}"'))
                print(json.dumps({'seconds': seconds, 'status': r['status'], 'after': after['status']}))
            finally:
                kc.stop_channels(); km.shutdown_kernel(now=True)
            """]);
        Assert.True(code == 0, output);
        var result = System.Text.Json.Nodes.JsonNode.Parse(output.Split('\n').Last(l => l.StartsWith("{")))!;
        Assert.True((double)result["seconds"]! < 1.0, $"the loop took {(double)result["seconds"]!:F2} s to stop");
        Assert.Equal("ok", (string?)result["after"]);   // the kernel and the model are still there
    }
}
