using Course.Labs.Models;

namespace Course.Labs.Weights;

/// <summary>
/// ImageNet-pretrained networks, torchvision's <c>resnet18(weights=...)</c> for the labs: the ResNet-18 of NuGet
/// <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (restored with the library; nothing is downloaded), converted once
/// to a TorchSharp state dict in the per-user cache. Its inputs go through <see cref="ResNet18ImageNetPreprocess"/>.
/// </summary>
public static class Pretrained
{
    /// <summary>
    /// The package's ResNet-18 with its ImageNet weights: <see cref="ResNet.CntkResNet18"/>, torchvision's ResNet-18
    /// layers and names with one more basic block in the last stage (CNTK's layout), ImageNet stem, 3 channels.
    /// The package stops at the 512 pooled features, so there is no ImageNet classifier: <paramref name="numClasses"/>
    /// 0 returns the features, more adds a new, randomly initialised <c>fc</c> (what the original lab does with
    /// <c>model.fc = nn.Linear(512, num_class)</c>). <paramref name="lastStride"/> 1 keeps a 2x larger last feature map
    /// (re-identification, BoT); the weights are the same.
    /// </summary>
    /// <param name="numClasses">0: the pooled features out; more: a new classifier of that many classes.</param>
    /// <param name="lastStride">Stride of the fourth stage: 2 (ImageNet) or 1.</param>
    /// <param name="log">Hears the one-time conversion's progress (Console.Out when null).</param>
    public static ResNet ResNet18ImageNet(long numClasses = 0, long lastStride = 2, Action<string>? log = null)
        => ResNet18ImageNet(new ResNet18ImageNetWeights(), numClasses, lastStride, log);

    /// <summary>As <see cref="ResNet18ImageNet(long, long, Action{string})"/>, with the weights from <paramref name="weights"/> (another cache folder, or explicit ONNX paths).</summary>
    public static ResNet ResNet18ImageNet(ResNet18ImageNetWeights weights, long numClasses = 0, long lastStride = 2, Action<string>? log = null)
    {
        var entries = weights.Load(log);
        var model = ResNet.CntkResNet18(numClasses, inChannels: 3, ResNetStem.ImageNet, lastStride);
        try
        {
            StateDictFile.Load(model, entries, weights.CacheFile, "fc", "preprocess");
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in entries.Values) t.Dispose();
        }
    }

    /// <summary>The preprocessing those weights expect (see <see cref="ResNet18ImageNetPreprocess"/>): RGB or grey 0..1 in, <c>BGR * 255 - mean</c> out.</summary>
    public static ResNet18ImageNetPreprocess ResNet18ImageNetPreprocess(Action<string>? log = null)
        => Course.Labs.Weights.ResNet18ImageNetPreprocess.Load(log: log);
}
