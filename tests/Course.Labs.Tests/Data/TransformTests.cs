using Course.Labs.Data.Transforms;
using TorchSharp;

namespace Course.Labs.Tests.Data;

public sealed class TransformTests
{
    /// <summary>A [C,H,W] image whose every value differs: value = (index + 1) / (count + 1), all inside 0..1.</summary>
    private static torch.Tensor Ramp(int channels, int height, int width)
        => torch.arange(1, channels * height * width + 1, dtype: torch.float32).div_(channels * height * width + 1).reshape(channels, height, width);

    private static float[] Values(torch.Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void Horizontal_flip_with_p_1_is_an_exact_mirror_and_with_p_0_the_same_image()
    {
        using var image = Ramp(3, 5, 7);

        using var flipped = new RandomHorizontalFlip(p: 1).Apply(image, new Random(1));
        var kept = new RandomHorizontalFlip(p: 0).Apply(image, new Random(1));

        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 5; y++)
                for (var x = 0; x < 7; x++)
                    Assert.Equal(image[c, y, 6 - x].ToSingle(), flipped[c, y, x].ToSingle());
        Assert.Same(image, kept);
    }

    [Fact]
    public void Normalize_subtracts_each_channels_mean_and_divides_by_its_std()
    {
        using var image = Ramp(2, 3, 4);

        using var normalized = new Normalize([0.1, 0.5], [0.2, 0.25]).Apply(image, new Random(0));

        Assert.Equal((image[0, 1, 2].ToSingle() - 0.1f) / 0.2f, normalized[0, 1, 2].ToSingle(), 5);
        Assert.Equal((image[1, 2, 3].ToSingle() - 0.5f) / 0.25f, normalized[1, 2, 3].ToSingle(), 5);
        Assert.Throws<ArgumentException>(() => new Normalize([0.5], [0.5]).Apply(image, new Random(0)));
        using var batch = torch.stack([image, image.flip(2)]);
        using var normalizedBatch = new Normalize([0.1, 0.5], [0.2, 0.25]).Apply(batch, new Random(0));
        Assert.Equal(Values(normalized), Values(normalizedBatch[0]));
    }

    [Fact]
    public void Resize_keeps_the_aspect_ratio_with_one_size_and_is_exact_with_two()
    {
        using var image = Ramp(3, 20, 40);

        using var smallerEdge = new Resize(10).Apply(image, new Random(0));
        using var exact = new Resize(8, 12).Apply(image, new Random(0));
        using var constant = torch.full(1, 6, 6, 0.25f);
        using var enlarged = new Resize(9).Apply(constant, new Random(0));

        Assert.Equal([3L, 10, 20], smallerEdge.shape);
        Assert.Equal([3L, 8, 12], exact.shape);
        Assert.All(Values(enlarged), v => Assert.Equal(0.25f, v, 5));
    }

    [Fact]
    public void Center_crop_takes_the_middle_window()
    {
        using var image = Ramp(1, 6, 6);

        using var crop = new CenterCrop(2).Apply(image, new Random(0));

        Assert.Equal([1L, 2, 2], crop.shape);
        Assert.Equal(image[0, 2, 2].ToSingle(), crop[0, 0, 0].ToSingle());
        Assert.Equal(image[0, 3, 3].ToSingle(), crop[0, 1, 1].ToSingle());
    }

    [Fact]
    public void Random_crop_with_padding_cuts_a_window_of_the_padded_image_and_is_reproducible()
    {
        using var image = Ramp(1, 8, 8);
        var transform = new RandomCrop(8, padding: 4);

        var crops = Enumerable.Range(0, 30).Select(seed => Values(transform.Apply(image, new Random(seed)))).ToList();
        var again = Values(transform.Apply(image, new Random(3)));

        Assert.Equal(crops[3], again);
        Assert.True(crops.Distinct(new SequenceComparer()).Count() > 5);
        var originals = Values(image).ToHashSet();
        Assert.All(crops, crop => Assert.All(crop, v => Assert.True(v == 0f || originals.Contains(v))));
        // Each crop is one shifted copy: its non-zero values form a contiguous block of the original.
        Assert.Contains(crops, crop => crop.Count(v => v == 0f) > 0);
    }

    [Fact]
    public void Rotation_by_90_degrees_is_a_counter_clockwise_quarter_turn_and_by_0_the_identity()
    {
        using var image = Ramp(2, 5, 5);

        using var quarter = new RandomRotation(90, 90).Apply(image, new Random(0));
        using var expected = torch.rot90(image, 1, (1, 2));
        using var none = new RandomRotation(0).Apply(image, new Random(0));

        Assert.Equal(Values(expected), Values(quarter), new FloatComparer(1e-4f));
        Assert.Equal(Values(image), Values(none), new FloatComparer(1e-4f));
        Assert.Equal(image[0, 0, 4].ToSingle(), quarter[0, 0, 0].ToSingle(), 4);
    }

    [Fact]
    public void Color_jitter_stays_in_range_is_reproducible_and_keeps_a_grey_images_shape()
    {
        using var image = Ramp(3, 6, 6);
        var jitter = new ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4);

        using var a = jitter.Apply(image, new Random(5));
        using var b = jitter.Apply(image, new Random(5));
        using var c = jitter.Apply(image, new Random(6));
        using var grey = jitter.Apply(Ramp(1, 6, 6), new Random(5));

        Assert.Equal(Values(a), Values(b));
        Assert.NotEqual(Values(a), Values(c));
        Assert.All(Values(a), v => Assert.InRange(v, 0f, 1f));
        Assert.Equal([1L, 6, 6], grey.shape);
    }

    [Fact]
    public void Brightness_only_jitter_scales_every_value_by_one_factor()
    {
        using var image = Ramp(3, 4, 4);

        using var brighter = new ColorJitter(brightness: 0.3).Apply(image, new Random(11));

        var ratios = Values(brighter).Zip(Values(image), (after, before) => after / before).ToArray();
        Assert.InRange(ratios[0], 0.7f, 1.3f);
        Assert.All(ratios.Zip(Values(brighter)), r => { if (r.Second < 1f) Assert.Equal(ratios[0], r.First, 4); });
    }

    [Fact]
    public void Random_erasing_blanks_one_rectangle_and_leaves_the_rest()
    {
        using var image = Ramp(1, 16, 16);

        using var erased = new RandomErasing(p: 1, value: 0f).Apply(image, new Random(2));
        var kept = new RandomErasing(p: 0).Apply(image, new Random(2));

        var after = Values(erased);
        var before = Values(image);
        var zeroed = Enumerable.Range(0, after.Length).Where(i => after[i] == 0f).ToList();
        Assert.InRange(zeroed.Count, (int)(0.02 * 256) - 2, (int)(0.33 * 256) + 2);
        var (rows, columns) = (zeroed.Select(i => i / 16).Distinct().Count(), zeroed.Select(i => i % 16).Distinct().Count());
        Assert.Equal(rows * columns, zeroed.Count);
        Assert.All(Enumerable.Range(0, after.Length).Except(zeroed), i => Assert.Equal(before[i], after[i]));
        Assert.Same(image, kept);
    }

    [Fact]
    public void Compose_applies_in_order_and_is_deterministic_for_a_seed()
    {
        using var image = Ramp(3, 28, 28);
        var train = new Compose(new Resize(32), new RandomCrop(32, padding: 4), new RandomHorizontalFlip(),
            new Normalize([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.2010]));

        using var a = train.Apply(image, new Random(9));
        using var b = train.Apply(image, new Random(9));

        Assert.Equal([3L, 32, 32], a.shape);
        Assert.Equal(Values(a), Values(b));
        Assert.True(a.min().ToSingle() < 0f);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }

    private sealed class SequenceComparer : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(float[] obj) => obj.Length;
    }
}
