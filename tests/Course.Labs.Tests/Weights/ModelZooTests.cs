using Course.Labs.Models;
using Course.Labs.Tests.Data;
using Course.Labs.Tests.Models;
using Course.Labs.Weights;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Weights;

/// <summary>The original lab's get_model: its architectures by name, a new classifier, ImageNet weights from the package or from converted torchvision files.</summary>
public sealed class ModelZooTests
{
    [Theory]
    [InlineData("alexnet")]
    [InlineData("vgg16")]
    [InlineData("resnet18")]
    [InlineData("squeezenet1_0")]
    [InlineData("densenet121")]
    public void The_original_labs_architectures_get_a_classifier_for_the_new_task(string arch)
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var model = ModelZoo.GetModel(arch, numClasses: 101);
        model.eval();
        using var images = rand(2, 3, 64, 64);
        using var preprocessed = ModelZoo.Preprocessing(arch, _ => { }).Apply(images, new Random(0));
        using var noGrad = no_grad();
        using var output = model.call(preprocessed);
        Assert.Equal(new long[] { 2, 101 }, output.shape);
        Assert.IsAssignableFrom<IHasClassifier>(model);
    }

    [Fact]
    public void Pretrained_resnet18_is_the_packages_body_with_a_new_head()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var model = (ResNet)ModelZoo.GetModel("resnet18", 5, pretrained: true, log: _ => { });
        using var reference = Pretrained.ResNet18ImageNet(log: _ => { });
        var ours = model.state_dict();
        foreach (var (name, value) in reference.state_dict()) Assert.True(value.equal(ours[name]).all().item<bool>(), name);
        Assert.Equal(new long[] { 5, 512 }, ours["fc.weight"].shape);
        using var scratch = ModelZoo.GetModel("resnet18", 5);
        Assert.Equal(model.ParameterCount(), scratch.ParameterCount());   // the same network, untrained
        Assert.False(scratch.state_dict()["layer1.0.conv1.weight"].equal(ours["layer1.0.conv1.weight"]).all().item<bool>());
    }

    [Fact]
    public void Torchvision_weights_come_from_a_weights_folder_with_the_classifier_replaced_or_kept()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var folder = new TempFolder();
        TorchvisionExport.Run("squeezenet1_1", "--random", "1", "--out", folder.Path);
        var file = StateDictFile.Read(Path.Combine(folder.Path, "squeezenet1_1.dat"));
        using var newTask = ModelZoo.GetModel("squeezenet1_1", 5, pretrained: true, weightsFolder: folder.Path);
        using var imageNet = ModelZoo.GetModel("squeezenet1_1", 1000, pretrained: true, weightsFolder: folder.Path);
        foreach (var (name, value) in newTask.state_dict().Where(e => !e.Key.StartsWith("classifier.")))
            Assert.True(value.equal(file[name]).all().item<bool>(), name);
        Assert.Equal(new long[] { 5, 512, 1, 1 }, newTask.state_dict()["classifier.1.weight"].shape);
        Assert.True(imageNet.state_dict()["classifier.1.weight"].equal(file["classifier.1.weight"]).all().item<bool>(), "1000 classes keep the weights' classifier");
        foreach (var t in file.Values) t.Dispose();
    }

    [Fact]
    public void Missing_torchvision_weights_say_how_to_make_them_and_unknown_names_list_the_known()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<FileNotFoundException>(() => ModelZoo.GetModel("vgg16", 10, pretrained: true, weightsFolder: folder.Path));
        Assert.Contains(folder.Path, missing.Message);
        Assert.Contains("export_torchvision.py vgg16", missing.Message);
        var unknown = Assert.Throws<ArgumentException>(() => ModelZoo.GetModel("googlenet", 10));
        Assert.Contains("squeezenet1_0", unknown.Message);
    }
}
