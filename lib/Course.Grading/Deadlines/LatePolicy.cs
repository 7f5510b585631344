using System.Globalization;

namespace Course.Grading.Deadlines;

/// <summary>
/// What a late submission costs, as nbgrader's late-submission plugin computes it: <c>none</c> (the default: lateness is
/// recorded, nothing is taken), <c>zero</c> (a late submission scores 0) or <c>per-hour:P</c> (P points for each hour or
/// part of an hour late, never below 0).
/// </summary>
public sealed record LatePolicy(string Method, double PointsPerHour)
{
    public static readonly LatePolicy None = new("none", 0);

    /// <summary>The policy <c>--late</c> names; an unknown one is an <see cref="ArgumentException"/> listing the choices.</summary>
    public static LatePolicy Parse(string? text)
    {
        string t = (text ?? "none").Trim().ToLowerInvariant();
        if (t is "" or "none") return None;
        if (t == "zero") return new("zero", 0);
        if (t.StartsWith("per-hour:", StringComparison.Ordinal)
            && double.TryParse(t["per-hour:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p >= 0 && double.IsFinite(p))
            return new("per-hour", p);
        throw new ArgumentException($"--late {text}: expected none, zero or per-hour:P (P points off per started hour late, e.g. per-hour:1).");
    }

    /// <summary>The points taken from <paramref name="rawScore"/> for a submission <paramref name="secondsLate"/> late (0 when on time).</summary>
    public double Penalty(double rawScore, double secondsLate)
    {
        if (secondsLate <= 0 || rawScore <= 0) return 0;
        return Method switch
        {
            "zero" => rawScore,
            "per-hour" => Math.Min(rawScore, Math.Ceiling(secondsLate / 3600) * PointsPerHour),
            _ => 0,
        };
    }

    /// <summary>As <c>--late</c> takes it.</summary>
    public override string ToString() => Method == "per-hour" ? $"per-hour:{PointsPerHour.ToString(CultureInfo.InvariantCulture)}" : Method;
}
