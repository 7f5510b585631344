namespace Course.Labs.Runtime;

/// <summary>
/// A guard for lab cells that use what an exercise computes. While the exercise is still a stub, the cell that should
/// have computed the value stopped with the stub's <see cref="NotImplementedException"/> and left its variable empty
/// (null); a later cell that passes the variable through <see cref="Require{T}"/> then fails the same way, naming the
/// exercise to finish, instead of with a <see cref="NullReferenceException"/> deep inside the library.
/// </summary>
/// <example><code>var knn = KnnAccuracy(Exercise.Require(trainCodes, "Exercise 2 (ExtractCodes)"), testCodes);</code></example>
public static class Exercise
{
    /// <summary>
    /// <paramref name="value"/> itself, or a <see cref="NotImplementedException"/> that names <paramref name="exercise"/>
    /// when it is null (or an empty collection: a cell that stopped before adding anything).
    /// </summary>
    public static T Require<T>(T? value, string exercise) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exercise);
        bool missing = value is null || value is System.Collections.ICollection { Count: 0 };
        return missing
            ? throw new NotImplementedException($"This cell needs the result of {exercise}, which is not finished yet: finish {exercise}, run its cell and the cells after it, then this one.")
            : value!;
    }
}
