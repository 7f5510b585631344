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


    /// <summary>(output type, MIME types) of every output of every code cell, and the scraps' names.</summary>
    private static List<string> Shape(Notebook nb) => nb.Cells.Where(c => c.IsCode).Select((c, i) => $"cell {i + 1}: " + string.Join(" ",
        c.Outputs.Select(o => (string?)o["output_type"] + (o["data"] is JsonObject d ? "[" + string.Join(",", d.Select(p => p.Key).Order()) + "]" : "")
                              + (o["data"]?["application/scrapbook.scrap.json+json"]?["name"] is JsonNode n ? "=" + (string?)n : "")))).ToList();

    [Fact]
    public void Nbconvert_through_the_kernel_gives_the_same_outputs_as_labs_run()
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
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, o.Result + e.Result);
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
                check = kc.execute('trainer.EpochsCompleted')
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
