using Course.Labs.Optim;
using Course.Labs.Training;

namespace Course.Labs.Tests.Optim;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Step_and_multistep_decay_at_epoch_boundaries()
    {
        var step = LearningRateSchedule.Step(3, 0.1);
        Assert.Equal([1, 1, 1, 0.1, 0.1, 0.1, 0.01], Enumerable.Range(0, 7).Select(e => Math.Round(step.Factor(e, 5, 10, 7), 9)));
        var multi = LearningRateSchedule.MultiStep([2, 5], 0.5);
        Assert.Equal([1, 1, 0.5, 0.5, 0.5, 0.25], Enumerable.Range(0, 6).Select(e => multi.Factor(e, 0, 10, 6)));
    }

    [Fact]
    public void Cosine_goes_from_one_to_the_floor_and_warmup_ramps_linearly_per_step()
    {
        var cosine = LearningRateSchedule.Cosine(minFactor: 0.1);
        Assert.Equal(1.0, cosine.Factor(0, 0, 10, 4), 9);
        Assert.Equal(0.55, cosine.Factor(2, 0, 10, 4), 9);
        Assert.Equal(0.1, cosine.Factor(4, 0, 10, 4), 9);

        var warm = LearningRateSchedule.Constant.WithWarmup(1);
        Assert.Equal([0.1, 0.2, 0.5, 1.0], new[] { (0, 0), (0, 1), (0, 4), (1, 0) }.Select(p => Math.Round(warm.Factor(p.Item1, p.Item2, 10, 3), 9)));
        Assert.Equal("cosine(min 0.1) + warm-up 2 epochs", cosine.WithWarmup(2).ToString());
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        Assert.Equal("stepSize", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Step(0)).ParamName);
        Assert.Equal("epochs", Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant.WithWarmup(-1)).ParamName);
    }
}
