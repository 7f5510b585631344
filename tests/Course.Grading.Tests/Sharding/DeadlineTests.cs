using Course.Grading.Deadlines;
using Course.Grading.Grade;

namespace Course.Grading.Tests.Sharding;

public sealed class DeadlineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deadline-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static StudentGrade Graded(double test, double? written) => new StudentGrade { Student = "bob", Status = "completed", MaxScore = 7 }
        .WithCells(new Dictionary<string, double?> { ["square_test"] = test, ["why_sign"] = written });

    private static readonly DateTimeOffset Due = new(2026, 12, 3, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Late_policies_take_what_nbgrader_takes()
    {
        var none = Graded(4, 3).WithDeadline(Due.AddHours(5), Due, LatePolicy.None);
        Assert.Equal((7, 0, 7), (none.RawScore, none.LatePenalty, none.Score));
        Assert.Equal(5 * 3600, none.SecondsLate);

        var zero = Graded(4, 3).WithDeadline(Due.AddSeconds(1), Due, LatePolicy.Parse("zero"));
        Assert.Equal((7, 7, 0), (zero.RawScore, zero.LatePenalty, zero.Score));

        // 2 h 10 min late: three started hours, 1.5 points each.
        var perHour = Graded(4, 3).WithDeadline(Due.AddMinutes(130), Due, LatePolicy.Parse("per-hour:1.5"));
        Assert.Equal((7, 4.5, 2.5), (perHour.RawScore, perHour.LatePenalty, perHour.Score));
        // Never below zero.
        var veryLate = Graded(4, 3).WithDeadline(Due.AddDays(3), Due, LatePolicy.Parse("per-hour:1"));
        Assert.Equal(0, veryLate.Score);

        var onTime = Graded(4, 3).WithDeadline(Due.AddMinutes(-1), Due, LatePolicy.Parse("zero"));
        Assert.Equal((0, 7), (onTime.SecondsLate, onTime.Score));
        Assert.Equal("2026-12-03 16:59:00.000000", onTime.Timestamp);
        Assert.Equal("2026-12-03 17:00:00.000000", onTime.DueDate);
    }

    [Fact]
    public void A_manual_mark_merged_later_is_penalised_by_the_same_policy()
    {
        var late = Graded(4, null).WithDeadline(Due.AddMinutes(30), Due, LatePolicy.Parse("zero"));
        Assert.Equal(0, late.Score);
        var marked = late.WithCells(new Dictionary<string, double?> { ["square_test"] = 4, ["why_sign"] = 2 });
        Assert.Equal((6, 6, 0), (marked.RawScore, marked.LatePenalty, marked.Score));
    }

    [Fact]
    public void Submission_time_is_nbgraders_timestamp_file_or_the_modification_time()
    {
        string withStamp = Directory.CreateDirectory(Path.Combine(folder, "alice")).FullName;
        File.WriteAllText(Path.Combine(withStamp, "timestamp.txt"), "2026-12-03 14:58:23.948203 America/Los_Angeles\n");
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 22, 58, 23, 948, TimeSpan.Zero).AddTicks(2030), SubmissionTime.Of(withStamp).ToUniversalTime());
        File.WriteAllText(Path.Combine(withStamp, "timestamp.txt"), "2026-12-03 14:58:23 UTC");
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 58, 23, TimeSpan.Zero), SubmissionTime.Of(withStamp));

        string file = Path.Combine(folder, "carol.ipynb");
        File.WriteAllText(file, "{}");
        var when = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, when);
        Assert.Equal(new DateTimeOffset(when), SubmissionTime.Of(file));

        File.WriteAllText(Path.Combine(withStamp, "timestamp.txt"), "yesterday");
        Assert.Contains("timestamp.txt", Assert.Throws<InvalidDataException>(() => SubmissionTime.Of(withStamp)).Message);
        Assert.Equal(Due, SubmissionTime.ParseDue("2026-12-03T18:00:00+01:00"));
        Assert.Equal(Due, SubmissionTime.ParseDue("2026-12-03 17:00"));
        Assert.Contains("--due", Assert.Throws<ArgumentException>(() => SubmissionTime.ParseDue("friday")).Message);
        Assert.Contains("per-hour:P", Assert.Throws<ArgumentException>(() => LatePolicy.Parse("half")).Message);
    }
}
