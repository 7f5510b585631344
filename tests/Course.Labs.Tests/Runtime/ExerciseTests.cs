using Course.Labs.Runtime;

namespace Course.Labs.Tests.Runtime;

public sealed class ExerciseTests
{
    [Fact]
    public void A_missing_result_fails_as_an_unfinished_exercise_naming_it_and_the_variable()
    {
        string? model = null;
        int? count = null;

        var error = Assert.Throws<NotImplementedException>(() => Exercise.Require(model, "Exercise 2"));
        Assert.Contains("finish Exercise 2 first", error.Message);
        Assert.Contains("'model'", error.Message);
        var scoreError = Assert.Throws<NotImplementedException>(() => Exercise.Require(count, "Exercise 3"));
        Assert.Contains("'count'", scoreError.Message);
        Assert.Contains("finish Exercise 3 first", scoreError.Message);
    }

    [Fact]
    public void A_result_that_is_there_passes_through()
    {
        var model = new object();
        int? count = 7;

        Assert.Same(model, Exercise.Require(model, "Exercise 2"));
        Assert.Equal(7, Exercise.Require(count, "Exercise 3"));
        Assert.Throws<ArgumentException>(() => Exercise.Require((string?)null, " "));
    }

    [Fact]
    public void An_empty_collection_fails_as_a_stub_does_naming_the_exercise()
    {
        var empty = Assert.Throws<NotImplementedException>(() => Exercise.Require(new Dictionary<string, int>(), "Exercise 5 (the loader)"));
        Assert.Contains("finish Exercise 5 (the loader) first", empty.Message);
        Assert.Throws<ArgumentException>(() => Exercise.Require("x", " "));
    }
}
