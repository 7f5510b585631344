using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Course.Labs.NotebookTests;

/// <summary>The tests that build or pack the repository's projects, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class RepositoryBuilds
{
    public const string Name = "repository builds";
}

/// <summary>
/// Every command in README.md's code blocks (```sh) is run, and a failing one fails the test. The commands a test
/// cannot run as written run in a reduced form, stated in <see cref="Runs"/>: the full lab runs on one lab with the
/// quick profile, the full test suite on one test, the release into a temporary folder from the existing builds,
/// the CUDA build as an evaluation (the CUDA libtorch is not served here), the student's set-up by
/// <see cref="StudentReleaseTests"/>.
/// </summary>
[Collection(RepositoryBuilds.Name)]
public sealed partial class ReadmeCommandTests
{
    private static readonly string Root = LabNotebookTests.RepoRoot();

    /// <summary>How each README command runs: the command line (bash, from the repository root) and what its output must hold.</summary>
    private static readonly Dictionary<string, (string Run, string? Expect)> Runs = new()
    {
        ["bash setup.sh"] = ("", null),   // a release's set-up: StudentReleaseTests runs it in a release outside the repository
        ["bash environment/run-labs.sh --profile quick"] = ("LABS_RUN_NOTEBOOKS=notebooks/lab1-mnist-mlp.ipynb bash environment/run-labs.sh --profile quick", "1 of 1 notebooks passed."),
        ["bash environment/run-labs.sh"] = ("LABS_RUN_NOTEBOOKS=notebooks/lab1-mnist-mlp.ipynb bash environment/run-labs.sh --profile quick", "1 of 1 notebooks passed."),
        ["dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll release notebooks -o release"] =
            ("dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll release notebooks -o \"$TMP_OUT/release\" --no-build", "students run `bash setup.sh`"),
        ["bash environment/test.sh"] = ("bash environment/test.sh --filter 'FullyQualifiedName~KernelInstallTests.Each_OS_has_its_own_user_folder'", "tests: 1 passed, 0 failed"),
        ["bash environment/setup.sh"] = ("bash environment/setup.sh", null),
        ["dotnet build -c Release lib/Course.Labs"] = ("dotnet build -c Release lib/Course.Labs -v q -nologo", null),
        ["dotnet build -c Release lib/Course.Cli"] = ("dotnet build -c Release lib/Course.Cli -v q -nologo", null),
        ["dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll kernel install --user"] =
            ("JUPYTER_DATA_DIR=\"$TMP_OUT/jupyter\" dotnet lib/Course.Cli/bin/Release/net10.0/labs.dll kernel install --user", "Installed kernelspec labs-csharp"),
        ["dotnet build -c Release lib/Course.Labs -p:TorchSharpRuntime=cuda"] =
            ("dotnet msbuild lib/Course.Labs -getProperty:_LabsLibtorchPackage -p:Configuration=Release -p:TorchSharpRuntime=cuda", "libtorch-cuda-12.8-linux-x64"),
        ["dotnet run -c Release --project tests/Benchmarks -- --help"] = ("dotnet run -c Release --project tests/Benchmarks -- --help", "trainer"),
    };

    [GeneratedRegex("```sh\\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    /// <summary>The commands of README.md's ```sh blocks, one a line, as written.</summary>
    public static IReadOnlyList<string> ReadmeCommands()
        => ShellBlock().Matches(File.ReadAllText(Path.Combine(Root, "README.md")))
            .SelectMany(m => m.Groups["body"].Value.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();

    public static TheoryData<string> Commands() => new(ReadmeCommands());

    [Fact]
    public void Every_readme_command_has_a_way_to_run_and_no_stale_one_is_kept()
    {
        var commands = ReadmeCommands();
        Assert.True(commands.Count >= 8, "README.md has fewer code-block commands than expected: " + string.Join(" | ", commands));
        Assert.All(commands, c => Assert.True(Runs.ContainsKey(c), $"README command `{c}` has no entry in Runs"));
        Assert.All(Runs.Keys, c => Assert.True(commands.Contains(c), $"Runs holds `{c}`, which README no longer has"));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Readme_command_runs(string command)
    {
        var (run, expect) = Runs[command];
        if (run.Length == 0)
        {
            Assert.NotNull(typeof(StudentReleaseTests).GetMethod(nameof(StudentReleaseTests.A_release_set_up_outside_the_repository_runs_every_lab_stubs_failing_only_where_unsolved_and_solutions_passing)));
            return;
        }
        string temp = Directory.CreateTempSubdirectory("readme-command-").FullName;
        try
        {
            var psi = new ProcessStartInfo("bash", ["-c", run])
            {
                WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.Environment["TMP_OUT"] = temp;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(20))) { p.Kill(entireProcessTree: true); Assert.Fail($"`{run}` did not finish in 20 minutes"); }
            p.WaitForExit();
#pragma warning disable xUnit1031 // the process has exited, so both reads have already completed: nothing blocks
            string output = stdout.Result + stderr.Result;
#pragma warning restore xUnit1031
            Assert.True(p.ExitCode == 0, $"README command `{command}` (run as `{run}`) exited {p.ExitCode}:\n{output[^Math.Min(output.Length, 6000)..]}");
            if (expect is not null) Assert.Contains(expect, output);
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}
