using Course.Labs.Data;
using Course.Labs.Data.Transforms;
using TorchSharp;

namespace Course.Labs.Tests.Data;

public sealed class ImageDataLoaderTests
{
    /// <summary>103 images of 1x4x4 whose pixels all equal (index + 1) / 256, labels index % 5.</summary>
    private static InMemoryImageDataset Numbered(int count = 103)
    {
        var pixels = new byte[count * 16];
        for (var i = 0; i < count; i++) pixels.AsSpan(i * 16, 16).Fill((byte)(i + 1));
        return new InMemoryImageDataset(pixels, Enumerable.Range(0, count).Select(i => i % 5).ToArray(), 1, 4, 4,
            ["a", "b", "c", "d", "e"]);
    }

    private static List<int[]> Orders(IEnumerable<Batch> epoch) => epoch.Select(b => b.Indices.ToArray()).ToList();

    [Fact]
    public void Batches_stack_images_and_int64_labels_and_the_last_batch_holds_the_rest()
    {
        var dataset = Numbered();
        var loader = new ImageDataLoader(dataset, batchSize: 10);

        var shapes = new List<long[]>();
        foreach (var (images, labels) in loader)
        {
            shapes.Add(images.shape);
            Assert.Equal(torch.ScalarType.Int64, labels.dtype);
            Assert.Equal(images.shape[0], labels.shape[0]);
        }

        Assert.Equal(11, loader.Count);
        Assert.Equal(11, shapes.Count);
        Assert.All(shapes.Take(10), s => Assert.Equal([10L, 1, 4, 4], s));
        Assert.Equal([3L, 1, 4, 4], shapes[10]);
        Assert.Equal(10, new ImageDataLoader(dataset, batchSize: 10, dropLast: true).Count);
        Assert.Equal(10, new ImageDataLoader(dataset, batchSize: 10, dropLast: true).Count());
    }

    [Fact]
    public void Each_item_comes_once_per_epoch_with_its_own_image_and_label()
    {
        var dataset = Numbered();
        var loader = new ImageDataLoader(dataset, batchSize: 8, shuffle: true, seed: 3);

        var seen = new List<int>();
        foreach (var batch in loader)
            for (var k = 0; k < batch.Size; k++)
            {
                var index = batch.Indices[k];
                seen.Add(index);
                Assert.Equal(index % 5, batch.Labels[k].ToInt64());
                Assert.Equal((index + 1) / 255f, batch.Images[k, 0, 3, 3].ToSingle(), 6);
            }

        Assert.Equal(Enumerable.Range(0, 103), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 103), seen);
    }

    [Fact]
    public void A_subset_of_in_memory_data_batches_the_items_it_names()
    {
        var subset = Numbered().Subset([90, 3, 57, 12]).Subset([2, 0, 3]);
        var direct = new ImageDataLoader(subset, batchSize: 3, disposeBatches: false).Single();

        using var expected = torch.stack([subset.GetImage(0), subset.GetImage(1), subset.GetImage(2)]);

        Assert.Equal([0, 1, 2], direct.Indices);
        Assert.Equal(expected.data<float>().ToArray(), direct.Images.data<float>().ToArray());
        Assert.Equal([58 / 255f, 91 / 255f, 13 / 255f], Enumerable.Range(0, 3).Select(k => direct.Images[k, 0, 1, 1].ToSingle()));
        Assert.Equal([57 % 5, 90 % 5, 12 % 5], direct.Labels.data<long>().ToArray().Select(l => (int)l));
        direct.Dispose();
    }

    [Fact]
    public void All_items_as_tensors_match_the_items_one_by_one()
    {
        var dataset = Numbered(count: 9);

        var (images, labels) = dataset.ToTensors();

        Assert.Equal([9L, 1, 4, 4], images.shape);
        Assert.Equal(dataset.Labels.Select(l => (long)l), labels.data<long>().ToArray());
        using var fifth = dataset.GetImage(5);
        Assert.Equal(fifth.data<float>().ToArray(), images[5].data<float>().ToArray());
        images.Dispose();
        labels.Dispose();
    }

    [Fact]
    public void Shuffling_gives_a_new_order_each_epoch_and_the_same_sequence_for_the_same_seed()
    {
        var dataset = Numbered();
        var first = new ImageDataLoader(dataset, batchSize: 16, shuffle: true, seed: 42);
        var second = new ImageDataLoader(dataset, batchSize: 16, shuffle: true, seed: 42);
        var other = new ImageDataLoader(dataset, batchSize: 16, shuffle: true, seed: 43);

        var firstEpochs = new[] { Orders(first), Orders(first) };
        var secondEpochs = new[] { Orders(second), Orders(second) };

        Assert.Equal(firstEpochs[0], secondEpochs[0]);
        Assert.Equal(firstEpochs[1], secondEpochs[1]);
        Assert.NotEqual(firstEpochs[0], firstEpochs[1]);
        Assert.NotEqual(firstEpochs[0], Orders(other.Epoch(0)));
        Assert.Equal(Enumerable.Range(0, 103), Orders(new ImageDataLoader(dataset, batchSize: 16)).SelectMany(i => i));
    }

    [Fact]
    public void Prefetching_with_any_number_of_workers_and_building_on_the_callers_thread_give_the_same_transformed_batches()
    {
        var dataset = Numbered();
        var augment = new Compose(new RandomCrop(4, padding: 2), new RandomHorizontalFlip());
        var prefetched = new ImageDataLoader(dataset, batchSize: 7, shuffle: true, seed: 5, transform: augment, prefetch: 2);
        var parallel = new ImageDataLoader(dataset, batchSize: 7, shuffle: true, seed: 5, transform: augment, prefetch: 4, workers: 3);
        var direct = new ImageDataLoader(dataset, batchSize: 7, shuffle: true, seed: 5, transform: augment, prefetch: 0);

        var a = prefetched.Epoch(1).Select(b => b.Images.data<float>().ToArray()).ToList();
        var inParallel = parallel.Epoch(1).Select(b => b.Images.data<float>().ToArray()).ToList();
        var b = direct.Epoch(1).Select(b => b.Images.data<float>().ToArray()).ToList();
        var otherEpoch = direct.Epoch(2).Select(b => b.Images.data<float>().ToArray()).ToList();

        Assert.Equal(a, b);
        Assert.Equal(a, inParallel);
        Assert.NotEqual(a, otherEpoch);
        Assert.Contains(a, images => images.Contains(0f));
    }

    [Fact]
    public void The_loader_frees_each_batch_when_the_loop_moves_on()
    {
        var loader = new ImageDataLoader(Numbered(), batchSize: 50);

        var batches = new List<Batch>();
        foreach (var batch in loader)
        {
            Assert.False(batch.Images.IsInvalid);
            batches.Add(batch);
        }

        Assert.All(batches, b => Assert.True(b.Images.IsInvalid && b.Labels.IsInvalid));
    }

    [Fact]
    public void Kept_batches_belong_to_the_callers_dispose_scope()
    {
        var loader = new ImageDataLoader(Numbered(), batchSize: 50, disposeBatches: false);

        var batches = new List<Batch>();
        using (torch.NewDisposeScope())
        {
            batches.AddRange(loader);
            Assert.All(batches, b => Assert.False(b.Images.IsInvalid));
        }

        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.True(b.Images.IsInvalid && b.Labels.IsInvalid));
    }

    [Fact]
    public void A_failure_while_preparing_a_batch_reaches_the_caller_and_stopping_early_ends_the_worker()
    {
        var failing = new FailingDataset(Numbered(), failAt: 40);
        var loader = new ImageDataLoader(failing, batchSize: 10, transform: new RandomHorizontalFlip());

        var error = Assert.Throws<InvalidDataException>(() => loader.Count());
        var firstTwo = new ImageDataLoader(Numbered(), batchSize: 10).Take(2).Count();

        Assert.Contains("item 40", error.Message);
        Assert.Equal(2, firstTwo);
    }

    [Fact]
    public void Image_folder_items_are_decoded_into_batches()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("tree/b-red/1.png"), SkiaSharp.SKColors.Red);
        TestFiles.WritePng(temp.File("tree/a-blue/1.png"), SkiaSharp.SKColors.Blue);
        TestFiles.WritePng(temp.File("tree/a-blue/2.jpg.png"), SkiaSharp.SKColors.Blue);
        var dataset = ImageFolder.Load(Path.Combine(temp.Path, "tree"));

        var batch = new ImageDataLoader(dataset, batchSize: 3, disposeBatches: false).Single();

        Assert.Equal(["a-blue", "b-red"], dataset.Classes);
        Assert.Equal([0, 0, 1], dataset.Labels);
        Assert.Equal([3L, 3, 4, 4], batch.Images.shape);
        Assert.Equal(1f, batch.Images[0, 2, 0, 0].ToSingle());
        Assert.Equal(1f, batch.Images[2, 0, 0, 0].ToSingle());
        Assert.Equal(0f, batch.Images[2, 2, 0, 0].ToSingle());
        batch.Dispose();
    }

    /// <summary>Wraps a data set and throws when item <c>failAt</c> is read.</summary>
    private sealed class FailingDataset(ImageDataset inner, int failAt) : ImageDataset
    {
        public override int Count => inner.Count;
        public override IReadOnlyList<string> Classes => inner.Classes;
        public override IReadOnlyList<int> Labels => inner.Labels;

        public override torch.Tensor GetImage(int index)
            => index == failAt ? throw new InvalidDataException($"item {index} is broken") : inner.GetImage(index);
    }
    /// <summary>A data set that transforms its own items, as a PyTorch dataset does in <c>__getitem__</c>: adds a random offset and shifts the label.</summary>
    private sealed class SelfTransforming(ImageDataset source) : ImageDataset
    {
        public override int Count => source.Count;
        public override IReadOnlyList<string> Classes => source.Classes;
        public override IReadOnlyList<int> Labels => source.Labels;
        public override torch.Tensor GetImage(int index) => source.GetImage(index);
        public override (torch.Tensor Image, int Label) GetItem(int index, Random random)
        {
            using var image = source.GetImage(index);
            return (image + random.Next(1, 1000), (source.Labels[index] + 1) % 5);
        }
    }

    [Fact]
    public void Items_come_from_the_data_sets_GetItem_with_the_batch_generator_through_subsets_and_workers()
    {
        var dataset = new SelfTransforming(Numbered());
        var subset = dataset.Subset([5, 7, 9, 11]);
        var first = new ImageDataLoader(subset, batchSize: 4, shuffle: true, seed: 2, workers: 2, disposeBatches: false).Single();
        var again = new ImageDataLoader(subset, batchSize: 4, shuffle: true, seed: 2, prefetch: 0, disposeBatches: false).Single();

        for (var k = 0; k < 4; k++)
        {
            var index = subset.Indices[first.Indices[k]];
            Assert.Equal((index % 5 + 1) % 5, first.Labels[k].ToInt64());   // GetItem's label, not Labels[i]
            Assert.True(first.Images[k, 0, 0, 0].ToSingle() >= 1f, "GetItem's offset is missing");
        }
        Assert.True(first.Images.allclose(again.Images, rtol: 0, atol: 0), "the same seed gives the same items, with or without background workers");
        var (image, label) = subset[1];
        Assert.Equal(3, label);   // the indexer is GetItem too: item 7's label 2, shifted
        Assert.True(image[0, 0, 0].ToSingle() >= 1f);
    }
}
