using System.Diagnostics;
using System.Globalization;
using Course.Labs.Data;
using Course.Labs.Data.MetricLearning;
using Course.Labs.Data.ReId;
using Course.Labs.Losses;
using Course.Labs.Evaluation.ReId;
using Course.Labs.Models;
using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Benchmarks;

/// <summary>
/// The generated Market-style set is learnable and not solved by colour alone: a ResNet-18 ReID net trained briefly
/// (batch-hard triplet + 2 x cross-entropy on P x K batches, the seed's loss) against a colour-histogram baseline and
/// chance, all on the same query/gallery split with the Market-1501 protocol.
/// Options: --train-ids N --test-ids N --epochs N --seed N --height H --width W.
/// </summary>
public sealed class ReIdBenchmark : IBenchmark
{
    public string Name => "reid";
    public string Description => "ReID on the generated Market-style set: trained ResNet-18 vs colour histograms vs chance";

    public void Run(string[] args, BenchmarkSummary summary)
    {
        int Arg(string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        int trainIds = Arg("--train-ids", 60), testIds = Arg("--test-ids", 60), epochs = Arg("--epochs", 12), seed = Arg("--seed", 1);
        int height = Arg("--height", 128), width = Arg("--width", 64);
        LabsRuntime.Initialize();
        Reproducibility.Seed(seed);

        var options = new MarketStyleOptions(TrainIds: trainIds, TestIds: testIds, ImagesPerCamera: 3, Distractors: testIds, Junk: testIds / 2, Seed: seed);
        string root = Path.Combine(DataPaths.Root, $"market-style-{trainIds}-{testIds}-s{seed}");
        var clock = Stopwatch.StartNew();
        var market = Market1501.Load(MarketStyleGenerator.Generate(root, options));
        Console.WriteLine($"data: {root} ({market.Train.Count} train images of {market.TrainIds} ids, {market.Query.Count} query, {market.Gallery.Count} gallery) in {clock.Elapsed.TotalSeconds:F1} s");

        var train = new ReIdImageDataset(market.Train, height, width);
        var query = new ReIdImageDataset(market.Query, height, width);
        var gallery = new ReIdImageDataset(market.Gallery, height, width);

        // Chance: a random ranking puts a match first with probability (valid matches / kept gallery) per query.
        double chance = query.Images.Select(q =>
        {
            var kept = gallery.Images.Where(g => !(g.PersonId == q.PersonId && g.CameraId == q.CameraId)).ToList();
            return kept.Count == 0 ? 0 : (double)kept.Count(g => g.PersonId == q.PersonId) / kept.Count;
        }).Average();

        // Colour histograms.
        ReIdResult colour;
        using (NewDisposeScope())
        {
            Tensor All(ReIdImageDataset d) => stack(Enumerable.Range(0, d.Count).Select(d.GetImage).ToArray());
            var dist = ColorHistogramBaseline.Distances(ColorHistogramBaseline.Features(All(query)), ColorHistogramBaseline.Features(All(gallery)));
            colour = Market1501Evaluation.Evaluate(dist, query.PersonIds, gallery.PersonIds, query.CameraIds, gallery.CameraIds);
        }
        Console.WriteLine($"colour histogram: {colour}");

        // ResNet-18 ReID net, P x K batches, loss = batch-hard triplet + 2 x cross-entropy.
        var model = new ReIdNet(train.ClassCount, embeddingSize: 128, bnNeck: true, hiddenSize: 512, backbone: ResNet.ResNet18(numClasses: 0));
        var optimizer = optim.Adam(model.parameters(), lr: 3.5e-4, weight_decay: 5e-4);
        var transform = train.TrainTransform();
        var rng = new Random(seed);
        var items = new LabelledItems(train.Labels, i =>
        {
            using var image = train.GetImage(i);
            var t = transform.Apply(image, rng);
            return ReferenceEquals(t, image) ? image.clone() : t;
        });
        var sampler = new PkSampler(items, p: Math.Min(16, train.ClassCount), k: 4, seed: seed);
        clock.Restart();
        int images = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            double lossSum = 0;
            var batches = sampler.Batches(epoch);
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var (x, y) = sampler.Collate(batch);
                var (logits, embedding) = model.call(x);
                var loss = BatchHardTripletLoss.Compute(embedding, y, margin: 0.3) + 2 * nn.functional.cross_entropy(logits, y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                images += batch.Length;
            }
            Console.WriteLine($"epoch {epoch + 1}/{epochs}: loss {lossSum / Math.Max(1, batches.Count):F3} ({batches.Count} batches, {clock.Elapsed.TotalSeconds:F0} s)");
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;

        ReIdResult learned;
        using (NewDisposeScope())
        using (no_grad())
        {
            model.eval();
            var test = ReIdImageDataset.TestTransform();
            Tensor Embed(ReIdImageDataset d) => cat(Enumerable.Range(0, d.Count).Chunk(64).Select(chunk =>
                model.call(stack(chunk.Select(i => test.Apply(d.GetImage(i), rng)).ToArray())).Embedding).ToArray());
            var dist = cdist(nn.functional.normalize(Embed(query)), nn.functional.normalize(Embed(gallery)));
            learned = Market1501Evaluation.Evaluate(dist, query.PersonIds, gallery.PersonIds, query.CameraIds, gallery.CameraIds);
        }
        Console.WriteLine($"ResNet-18 ReID ({epochs} epochs, {trainSeconds:F0} s, {images / trainSeconds:F1} img/s): {learned}");
        Console.WriteLine($"chance rank-1: {chance:P1}");

        summary.Add("reid_rank1", learned.Rank(1));
        summary.Add("reid_map", learned.MeanAP);
        summary.Add("color_hist_rank1", colour.Rank(1));
        summary.Add("color_hist_map", colour.MeanAP);
        summary.Add("chance_rank1", chance);
        summary.Add("reid_rank1_vs_chance", learned.Rank(1) / chance, 1);
        summary.Add("reid_map_vs_color_hist", learned.MeanAP / Math.Max(1e-9, colour.MeanAP), 2);
        summary.Add("train_s", trainSeconds, 0);
    }
}
