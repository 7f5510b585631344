using Course.Notebooks.Model;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Cli;

public class RunCommandTests
{
    [Fact]
    public void A_crashing_notebook_beside_healthy_ones_is_reported_and_the_others_still_run()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            var r = Labs.Run("run", Fixtures.Path("crash.ipynb"), Fixtures.Path("healthy.ipynb"), "-o", output);
            Assert.Equal(4, r.ExitCode);
            Assert.Matches(@"crash\.ipynb\s+dead", r.Stdout);
            Assert.Matches(@"healthy\.ipynb\s+passed\s+2/2", r.Stdout);
            Assert.Contains("[healthy.ipynb] cell 2/2 completed", r.Stderr);

            var healthy = NotebookFile.Read(Path.Combine(output, "healthy.ipynb"));
            Assert.Equal("30", healthy.Cells[^1].Outputs[0].Text().Trim());
            var crash = NotebookFile.Read(Path.Combine(output, "crash.ipynb"));
            var died = crash.Cells.Single(c => c.Source.Contains("FailFast"));
            var error = Assert.Single(died.Outputs.OfType("error"));
            Assert.Equal("ProcessDied", (string?)error["ename"]);
            Assert.Contains("SIGABRT", (string?)error["evalue"]);
            Assert.Equal("before the crash\n", Outputs.StreamText(crash.Cells.Single(c => c.Source.Contains("before the crash")).Outputs));
            foreach (var nb in new[] { "healthy.ipynb", "crash.ipynb" }) NbformatOracle.AssertValid(Path.Combine(output, nb));
            Assert.Contains("healthy.html", File.ReadAllText(Path.Combine(output, "index.html")));
            Assert.Contains("ProcessDied", File.ReadAllText(Path.Combine(output, "crash.html")));
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void The_child_gets_the_malloc_and_GC_settings_of_NotebookProcessEnvironment()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            Assert.Equal(0, Labs.Run("run", Fixtures.Path("environment.ipynb"), "-o", output).ExitCode);
            string shown = NotebookFile.Read(Path.Combine(output, "environment.ipynb")).Cells[^1].Outputs[0].Text();
            foreach (var (name, value) in Course.Notebooks.Execution.NotebookProcessEnvironment.Variables)
                Assert.Contains($"{name}={Environment.GetEnvironmentVariable(name) ?? value}", shown);
            Assert.Contains("DOTNET_GCgen0size=", shown);
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public async Task Sigterm_to_labs_run_kills_the_notebook_process_records_the_stop_and_runs_no_further_notebook()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(Course.Notebooks.Packages.DotNetHost.Path)
            {
                RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "labs.dll"), "run", Fixtures.Path("hang.ipynb"), Fixtures.Path("healthy.ipynb"), "-o", output })
                psi.ArgumentList.Add(a);
            using var labs = System.Diagnostics.Process.Start(psi)!;
            var stdout = labs.StandardOutput.ReadToEndAsync();
            var stderr = new System.Text.StringBuilder();
            var started = new ManualResetEventSlim();
            labs.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); if (e.Data?.Contains("cell 1/1 started") == true) started.Set(); };
            labs.BeginErrorReadLine();
            Assert.True(started.Wait(TimeSpan.FromSeconds(60)), "the hanging cell never started");

            System.Diagnostics.Process.Start("kill", ["-TERM", labs.Id.ToString()])!.WaitForExit();
            Assert.True(labs.WaitForExit(TimeSpan.FromSeconds(30)), "labs run did not stop after SIGTERM");
            labs.WaitForExit();

            Assert.Equal(4, labs.ExitCode);
            Assert.Contains("stopped by SIGTERM; 1 notebook(s) not run", stderr.ToString());
            Assert.DoesNotMatch(@"healthy\.ipynb", await stdout);
            var hang = NotebookFile.Read(Path.Combine(output, "hang.ipynb"));
            var error = Assert.Single(hang.Cells.Single(c => c.IsCode).Outputs.OfType("error"));
            Assert.Contains("the run was stopped (SIGTERM)", (string?)error["evalue"]);
            // no process of this run is left: the child `run-one` wrote into this output folder
            var orphans = Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
            {
                try { return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(output); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            }).ToList();
            Assert.Empty(orphans);
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void Cell_error_exits_1_and_timeout_exits_3()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            Assert.Equal(1, Labs.Run("run", Fixtures.Path("exception.ipynb"), "-o", output).ExitCode);
            var continued = Labs.Run("run", Fixtures.Path("exception.ipynb"), "-o", output, "--continue-on-error");
            Assert.Equal(1, continued.ExitCode);
            var nb = NotebookFile.Read(Path.Combine(output, "exception.ipynb"));
            Assert.Equal("after the error\n", Outputs.StreamText(nb.Cells.Single(c => c.Source.Contains("after the error")).Outputs));
            // 10 s per cell: the first cell (the engine warming up) must finish inside it even on a loaded machine.
            var timeout = Labs.Run("run", Fixtures.Path("timeout.ipynb"), "-o", output, "--timeout", "10");
            Assert.Equal(3, timeout.ExitCode);
            Assert.Matches(@"timeout\.ipynb\s+timed_out\s+2/3", timeout.Stdout);
            NbformatOracle.AssertValid(Path.Combine(output, "timeout.ipynb"));
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void Parameters_and_profile_reach_the_notebook_and_papermill_metadata()
    {
        var output = Labs.NewOutputFolder();
        try
        {
            var r = Labs.Run("run", Fixtures.Path("parameters.ipynb"), "-o", output, "--profile", "quick", "-p", "LearningRate=0.25");
            Assert.Equal(0, r.ExitCode);
            var nb = NotebookFile.Read(Path.Combine(output, "parameters.ipynb"));
            Assert.Equal("3|0.25|quick-from-file|Int32|Double\n", Outputs.StreamText(nb.Cells[^1].Outputs));
            var pm = nb.Metadata["papermill"]!;
            Assert.Equal(0.25, (double)pm["parameters"]!["LearningRate"]!);
            Assert.EndsWith("parameters.ipynb", (string?)pm["input_path"]);
            Assert.All(nb.Cells.Where(c => c.IsCode), c => Assert.Equal("completed", (string?)c.Metadata["papermill"]!["status"]));
            NbformatOracle.AssertValid(Path.Combine(output, "parameters.ipynb"));
        }
        finally { Directory.Delete(output, recursive: true); }
    }

    [Fact]
    public void A_folder_runs_every_notebook_in_it()
    {
        var folder = Directory.CreateTempSubdirectory("labs-folder-").FullName;
        var output = Path.Combine(folder, "out");
        try
        {
            File.Copy(Fixtures.Path("healthy.ipynb"), Path.Combine(folder, "a.ipynb"));
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.Copy(Fixtures.Path("display.ipynb"), Path.Combine(folder, "sub", "b.ipynb"));
            var r = Labs.Run("run", folder, "-o", output);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("2 of 2 notebooks passed", r.Stdout);
            Assert.True(File.Exists(Path.Combine(output, "b.html")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Theory]
    [InlineData("run")]
    [InlineData("run", "/no/such/notebook.ipynb")]
    [InlineData("run", "x.ipynb", "--bogus")]
    [InlineData("run", "x.ipynb", "-p", "NoEquals")]
    [InlineData("run", "x.ipynb", "--timeout", "-1")]
    [InlineData("export", "x.ipynb", "--to", "pdf")]
    public void Usage_errors_exit_2(params string[] args) => Assert.Equal(2, Labs.Run(args).ExitCode);
}
