using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

/// <summary>The stages of a fine-tuning comparison: a frozen body stays put, stages concatenate, zero epochs is no stage.</summary>
public sealed class ClassifierTrainingTests
{
    [Fact]
    public void A_frozen_body_keeps_its_weights_while_the_head_learns_and_the_next_stage_moves_everything()
    {
        var model = SyntheticData.Model(3);
        var body = model.children().First();
        var head = model.children().Last();
        foreach (var p in body.parameters()) p.requires_grad = false;
        var bodyBefore = SyntheticData.Weights(body);
        var headBefore = SyntheticData.Weights(head);

        var epochs = ClassifierTraining.Fit(model, SyntheticData.Source(256, 1), SyntheticData.Source(128, 2, shuffle: false), 2, 1e-2, seed: 5).ToList();

        Assert.Equal(bodyBefore, SyntheticData.Weights(body));
        Assert.NotEqual(headBefore, SyntheticData.Weights(head));
        foreach (var p in body.parameters()) p.requires_grad = true;
        epochs.AddRange(ClassifierTraining.Fit(model, SyntheticData.Source(256, 1), SyntheticData.Source(128, 2, shuffle: false), 3, 1e-2, seed: 5));
        Assert.NotEqual(bodyBefore, SyntheticData.Weights(body));
        Assert.Equal(5, epochs.Count);
        Assert.All(epochs, e => Assert.NotNull(e.ValidationAccuracy));
        Assert.True(epochs[^1].ValidationAccuracy > 0.9, $"validation accuracy {epochs[^1].ValidationAccuracy}");
    }

    [Fact]
    public void Zero_epochs_is_an_empty_stage_and_negative_epochs_are_refused()
    {
        var model = SyntheticData.Model(1);
        var before = SyntheticData.Weights(model);
        Assert.Empty(ClassifierTraining.Fit(model, SyntheticData.Source(64, 1), SyntheticData.Source(64, 2), 0, 1e-2));
        Assert.Equal(before, SyntheticData.Weights(model));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ClassifierTraining.Fit(model, SyntheticData.Source(64, 1), SyntheticData.Source(64, 2), -1, 1e-2));
        Assert.Equal("epochs", e.ParamName);
    }

    [Fact]
    public void The_progress_sink_sees_every_epoch()
    {
        var seen = new List<int>();
        ClassifierTraining.Fit(SyntheticData.Model(2), SyntheticData.Source(64, 1), SyntheticData.Source(64, 2), 3, 1e-2,
            progress: new EpochEndCallback(m => seen.Add(m.Epoch)));
        Assert.Equal([0, 1, 2], seen);
    }
}
