namespace Course.Labs.Models;

/// <summary>Argument checks shared by the model constructors, with messages that name the parameter and the fix.</summary>
internal static class ModelArguments
{
    public static void Positive(long value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (got {value}).");
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (got {value}).");
    }

    public static void NonEmpty<T>(IReadOnlyList<T> values, int expectedCount, string name)
    {
        if (values is null || values.Count != expectedCount)
            throw new ArgumentException($"{name} must list {expectedCount} values, one per stage (got {values?.Count ?? 0}).", name);
    }
}
