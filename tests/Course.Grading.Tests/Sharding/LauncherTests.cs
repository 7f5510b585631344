using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Course.Grading.Tests.Sharding;

/// <summary>The shipped launchers (lib/Course.Grading/Launchers) read as their engines read them.</summary>
public sealed class LauncherTests
{
    public static string Launchers => Path.Combine(RepositoryRoot(), "lib", "Course.Grading", "Launchers");

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("the repository root (with Directory.Packages.props) is not above the test's folder");
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Launchers, "kubernetes", file));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlNode At(YamlNode node, params object[] path)
    {
        foreach (var step in path)
            node = step is int i ? ((YamlSequenceNode)node).Children[i] : ((YamlMappingNode)node).Children[new YamlScalarNode((string)step)];
        return node;
    }

    private static string S(YamlNode node, params object[] path) => ((YamlScalarNode)At(node, path)).Value!;

    [Fact]
    public void The_kubernetes_manifest_is_an_indexed_job_whose_pods_each_grade_their_shard_of_the_completions()
    {
        var job = Load("grade-job.yaml");
        Assert.Equal("batch/v1", S(job, "apiVersion"));
        Assert.Equal("Job", S(job, "kind"));
        Assert.Equal("Indexed", S(job, "spec", "completionMode"));
        int completions = int.Parse(S(job, "spec", "completions"));
        Assert.Equal(4, completions);
        Assert.Equal("Never", S(job, "spec", "template", "spec", "restartPolicy"));
        var container = At(job, "spec", "template", "spec", "containers", 0);
        string command = string.Join(" ", ((YamlSequenceNode)At(container, "command")).Concat((YamlSequenceNode)At(container, "args")).Select(n => ((YamlScalarNode)n).Value));
        Assert.Contains($"--shard auto/{completions}", command);
        Assert.Contains("labs grade --key", command);
        var env = ((YamlSequenceNode)At(container, "env")).Select(e => S(e, "name")).ToList();
        Assert.Equal(["KEY", "SUBMISSIONS", "OUT"], env);
        string claim = S(job, "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName");

        var merge = Load("merge-job.yaml");
        Assert.Equal("Job", S(merge, "kind"));
        var mergeCommand = ((YamlSequenceNode)At(merge, "spec", "template", "spec", "containers", 0, "command")).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["labs", "grade", "--merge"], mergeCommand.Take(3));
        Assert.Equal(claim, S(merge, "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName"));
    }

    [Fact]
    public void The_slurm_scripts_parse_and_the_submitter_explains_itself()
    {
        foreach (var script in new[] { "grade-course.sh", "grade-shard.sbatch", "merge.sbatch" })
        {
            var (code, output) = Bash("-n", Path.Combine(Launchers, "slurm", script));
            Assert.True(code == 0, $"{script}: {output}");
        }
        var (usage, text) = Bash(Path.Combine(Launchers, "slurm", "grade-course.sh"));
        Assert.Equal(2, usage);
        Assert.Contains("grade-course.sh KEY SUBMISSIONS_DIR OUT [SHARDS]", text);
        Assert.Contains("#SBATCH --cpus-per-task", File.ReadAllText(Path.Combine(Launchers, "slurm", "grade-shard.sbatch")));
    }

    private static (int Code, string Output) Bash(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
