using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

[Collection(GlobalStateCollection.Name)]
public sealed class TrainingSpeedTests
{
    [Fact]
    public void Timed_steps_train_the_model_and_give_a_rate()
    {
        manual_seed(4);
        var model = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(16, 10)));
        var before = SyntheticData.Weights(model);

        double rate = TrainingSpeed.ImagesPerSecond(model, batchSize: 8, imageShape: [1, 4, 4], steps: 3);

        Assert.True(double.IsFinite(rate) && rate > 0, $"rate {rate}");
        Assert.NotEqual(before, SyntheticData.Weights(model));
        Assert.True(model.training);
    }

    [Fact]
    public void Bad_arguments_say_what_to_give()
    {
        var model = nn.Sequential(("flatten", nn.Flatten()), ("fc", nn.Linear(16, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingSpeed.ImagesPerSecond(model, 0, [1, 4, 4], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingSpeed.ImagesPerSecond(model, 8, [1, 4, 4], 0));
        var shape = Assert.Throws<ArgumentException>(() => TrainingSpeed.ImagesPerSecond(model, 8, [1, 0, 4], 1));
        Assert.Contains("[1, 28, 28]", shape.Message);
    }
}
