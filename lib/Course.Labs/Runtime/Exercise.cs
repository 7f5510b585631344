using System.Runtime.CompilerServices;

namespace Course.Labs.Runtime;

/// <summary>
/// Guards for the cells that use an exercise's result. Until the student finishes the exercise its cell throws
/// <see cref="NotImplementedException"/> and leaves its variables null (or a collection empty); a later cell that reads
/// them through <see cref="Require{T}(T, string, string)"/> fails the same way, naming the exercise, instead of with a
/// NullReferenceException far from the cause.
/// </summary>
/// <example><code>
/// var trainer = new Trainer(Exercise.Require(model, "Exercise 2"), options);
/// </code></example>
public static class Exercise
{
    /// <summary>
    /// Returns <paramref name="value"/>; when it is null or an empty collection (a cell that stopped before adding
    /// anything), throws NotImplementedException asking to finish <paramref name="exercise"/> first.
    /// </summary>
    /// <param name="value">What the exercise's cell makes (a model, a trained result).</param>
    /// <param name="exercise">The exercise as the notebook names it, e.g. "Exercise 2".</param>
    /// <param name="name">Filled in by the compiler: the expression passed as <paramref name="value"/>.</param>
    public static T Require<T>(T? value, string exercise, [CallerArgumentExpression(nameof(value))] string name = "") where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        return value is null || value is System.Collections.ICollection { Count: 0 } ? throw Unfinished(exercise, name) : value;
    }

    /// <summary>The same guard for a nullable value (a score, a count).</summary>
    public static T Require<T>(T? value, string exercise, [CallerArgumentExpression(nameof(value))] string name = "") where T : struct
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        return value ?? throw Unfinished(exercise, name);
    }

    private static NotImplementedException Unfinished(string exercise, string name)
        => new($"{(string.IsNullOrEmpty(name) ? "This cell's input" : $"'{name}'")} is not there yet: finish {exercise} first, run its cell and the cells after it, then this one.");
}
