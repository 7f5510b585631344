using Course.Grading.Grade;
using Course.Grading.Shards;

namespace Course.Grading.Tests.Sharding;

public sealed class ShardTests
{
    private static readonly List<string> Class = Enumerable.Range(0, 300).Select(i => $"s{i:D4}").ToList();

    [Fact]
    public void Each_student_is_in_exactly_one_shard_whatever_the_order_of_the_list()
    {
        var byShard = Enumerable.Range(0, 4).Select(k => Class.Where(new Shard(k, 4).Contains).ToHashSet()).ToList();
        Assert.Equal(Class.Count, byShard.Sum(s => s.Count));
        Assert.Equal(Class.ToHashSet(), byShard.SelectMany(s => s).ToHashSet());
        // Balanced enough: 300 students in 4 shards, each within 75 +/- 25.
        Assert.All(byShard, s => Assert.InRange(s.Count, 50, 100));
        // Reversed, shuffled, with new students: nobody moves.
        var shuffled = Class.AsEnumerable().Reverse().Concat(["late1", "late2"]).OrderBy(s => s.GetHashCode()).ToList();
        for (int k = 0; k < 4; k++)
            Assert.Equal(byShard[k], shuffled.Where(new Shard(k, 4).Contains).Where(Class.Contains).ToHashSet());
    }

    [Fact]
    public void The_shard_is_a_hash_of_the_id_pinned_across_versions()
    {
        // SHA-256's first 8 bytes, big-endian, modulo N (computed with Python's hashlib): fixed values, so shards
        // written by one build merge with another's.
        Assert.Equal([2, 3, 1, 0, 0, 2, 3, 1], Class.Take(8).Select(id => Shard.Of(id, 4)).ToList());
        Assert.Equal((3, 2), (Shard.Of("alice", 4), Shard.Of("bob", 4)));
        Assert.True(new Shard(3, 4).Contains("alice"));
        Assert.All(Class, id => Assert.True(Shard.Whole.Contains(id)));
    }

    [Fact]
    public void Parses_k_of_n_and_the_array_indices_of_slurm_and_kubernetes()
    {
        static Func<string, string?> Env(params (string, string)[] vars) => name => vars.FirstOrDefault(v => v.Item1 == name).Item2;
        Assert.Equal(new Shard(2, 4), Shard.Parse("2/4", Env()));
        Assert.Equal(new Shard(3, 4), Shard.Parse("auto", Env(("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        // --array=1-4: the index counts from SLURM_ARRAY_TASK_MIN.
        Assert.Equal(new Shard(0, 4), Shard.Parse("auto", Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "4"))));
        Assert.Equal(new Shard(5, 8), Shard.Parse("auto/8", Env(("JOB_COMPLETION_INDEX", "5"))));
        Assert.Contains("JOB_COMPLETION_INDEX=5", Assert.Throws<ArgumentException>(() => Shard.Parse("auto", Env(("JOB_COMPLETION_INDEX", "5")))).Message);
        Assert.Contains("neither SLURM_ARRAY_TASK_ID", Assert.Throws<ArgumentException>(() => Shard.Parse("auto", Env())).Message);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => Shard.Parse("4/4", Env())).Message);
        Assert.Contains("expected K/N", Assert.Throws<ArgumentException>(() => Shard.Parse("2", Env())).Message);
        Assert.Contains("not a whole number", Assert.Throws<ArgumentException>(() => Shard.Parse("x/4", Env())).Message);
    }

    [Fact]
    public void Each_submission_gets_the_cores_divided_by_the_jobs_in_every_thread_variable()
    {
        Assert.Equal(2, ThreadShare.PerSubmission(8, 4));
        Assert.Equal(1, ThreadShare.PerSubmission(2, 4));
        Assert.Equal(16, ThreadShare.PerSubmission(16, 1));
        var env = ThreadShare.Apply(new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["OMP_NUM_THREADS"] = "64" }, 3);
        Assert.Equal("/usr/bin", env["PATH"]);
        foreach (var name in new[] { "LABS_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS" }) Assert.Equal("3", env[name]);
    }
}
