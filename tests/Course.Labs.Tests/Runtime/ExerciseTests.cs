using Course.Labs.Runtime;

namespace Course.Labs.Tests.Runtime;

/// <summary>The guard a lab cell puts on an exercise's result: the value through, a NotImplementedException naming the exercise otherwise.</summary>
public sealed class ExerciseTests
{
    [Fact]
    public void A_value_passes_through()
    {
        var codes = new[] { 1.0, 2.0 };
        Assert.Same(codes, Exercise.Require(codes, "Exercise 2"));
        Assert.Equal("x", Exercise.Require("x", "Exercise 1"));
    }

    [Fact]
    public void Null_or_an_empty_collection_fails_as_a_stub_does_naming_the_exercise()
    {
        string? missing = null;
        var e = Assert.Throws<NotImplementedException>(() => Exercise.Require(missing, "Exercise 2 (ExtractCodes)"));
        Assert.Contains("finish Exercise 2 (ExtractCodes)", e.Message);
        var empty = Assert.Throws<NotImplementedException>(() => Exercise.Require(new Dictionary<string, int>(), "Exercise 5 (the loader)"));
        Assert.Contains("Exercise 5 (the loader)", empty.Message);
    }

    [Fact]
    public void The_exercise_must_be_named()
        => Assert.Throws<ArgumentException>(() => Exercise.Require("x", " "));
}
