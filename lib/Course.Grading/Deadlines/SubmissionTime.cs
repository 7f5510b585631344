using System.Globalization;

namespace Course.Grading.Deadlines;

/// <summary>
/// When a student submitted: the <c>timestamp.txt</c> in the submission's folder when there is one (nbgrader's
/// convention: one line, <c>2026-12-03 14:58:23.948203 UTC</c>, the zone a name, an offset or absent for UTC), else the
/// modification time of the submission itself (the .ipynb file, or the folder). Due dates are ISO 8601; one without an
/// offset is UTC.
/// </summary>
public static class SubmissionTime
{
    /// <summary>The name of nbgrader's timestamp file in a submission folder.</summary>
    public const string TimestampFile = "timestamp.txt";

    /// <summary>The submission time of the folder or file at <paramref name="submission"/>.</summary>
    public static DateTimeOffset Of(string submission)
    {
        string stamp = Path.Combine(submission, TimestampFile);
        if (Directory.Exists(submission) && File.Exists(stamp) && new FileInfo(stamp).Length < 256)
        {
            string text = File.ReadAllText(stamp).Trim();
            return TryParse(text) ?? throw new InvalidDataException($"{stamp}: '{text}' is not a time (expected e.g. 2026-12-03 14:58:23.948203 UTC).");
        }
        var utc = Directory.Exists(submission) ? Directory.GetLastWriteTimeUtc(submission) : File.GetLastWriteTimeUtc(submission);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }

    /// <summary>A due date as <c>--due</c> takes it; an error names the option and an example.</summary>
    public static DateTimeOffset ParseDue(string text)
        => TryParse(text) ?? throw new ArgumentException($"--due {text}: not a date and time (ISO 8601, e.g. 2026-12-03T17:00:00+01:00; without an offset it is UTC).");

    /// <summary>A time in ISO 8601 or nbgrader's "date time [zone]" form; null when it is neither.</summary>
    public static DateTimeOffset? TryParse(string text)
    {
        text = text.Trim();
        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, utc, out var plain)) return plain;
        int space = text.LastIndexOf(' ');
        if (space <= 0) return null;
        string zone = text[(space + 1)..];
        if (!DateTime.TryParse(text[..space], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local)) return null;
        try
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), tz.GetUtcOffset(local));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException) { return null; }
    }
}
