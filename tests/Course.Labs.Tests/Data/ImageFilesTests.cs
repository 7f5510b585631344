using Course.Labs.Data;
using SkiaSharp;
using TorchSharp;

namespace Course.Labs.Tests.Data;

public sealed class ImageFilesTests
{
    [Fact]
    public void Rgb_images_decode_channel_first_and_grey_is_the_601_luma()
    {
        using var temp = new TempFolder();
        var path = temp.File("orange.png");
        TestFiles.WritePng(path, new SKColor(255, 128, 0));

        using var rgb = ImageFiles.Load(path);
        using var grey = ImageFiles.Load(path, channels: 1);

        Assert.Equal([3L, 4, 4], rgb.shape);
        Assert.Equal([1f, 128 / 255f, 0f], [rgb[0, 1, 1].ToSingle(), rgb[1, 1, 1].ToSingle(), rgb[2, 1, 1].ToSingle()]);
        Assert.Equal(0.299f + 0.587f * 128 / 255f, grey[0, 3, 3].ToSingle(), 5);
    }

    [Fact]
    public void A_size_scales_each_image_with_skiasharp_as_it_is_decoded()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("tree/red/1.png"), SKColors.Red, size: 40);
        TestFiles.WritePng(temp.File("tree/red/2.png"), SKColors.Red, size: 10);

        var dataset = ImageFolder.Load(Path.Combine(temp.Path, "tree"), size: (8, 6));

        using var shrunk = dataset.GetImage(0);
        using var enlarged = dataset.GetImage(1);
        Assert.Equal([3L, 8, 6], shrunk.shape);
        Assert.Equal([3L, 8, 6], enlarged.shape);
        Assert.Equal(1f, shrunk[0, 4, 3].ToSingle(), 3);
        Assert.Equal(0f, enlarged[1, 7, 5].ToSingle(), 3);
    }

    [Fact]
    public void Jpeg_files_decode_too()
    {
        using var temp = new TempFolder();
        var path = temp.File("blue.jpg");
        using (var bitmap = new SKBitmap(16, 16))
        {
            bitmap.Erase(SKColors.Blue);
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
            File.WriteAllBytes(path, data.ToArray());
        }

        using var image = ImageFiles.Load(path);

        Assert.Equal([3L, 16, 16], image.shape);
        Assert.InRange(image[2, 8, 8].ToSingle(), 0.9f, 1f);
        Assert.InRange(image[0, 8, 8].ToSingle(), 0f, 0.1f);
    }
    [Fact]
    public void Saved_grey_and_rgb_images_read_back_to_within_half_a_grey_level()
    {
        using var temp = new TempFolder();
        var grey = torch.rand(1, 5, 7, generator: new torch.Generator(3));
        var rgb = torch.rand(3, 6, 4, generator: new torch.Generator(4));

        ImageFiles.Save(grey, temp.File("grey.png"));
        ImageFiles.Save(rgb, temp.File("rgb.png"));

        using var greyBack = ImageFiles.Load(temp.File("grey.png"), channels: 1);
        using var rgbBack = ImageFiles.Load(temp.File("rgb.png"), channels: 3);
        Assert.Equal([1L, 5, 7], greyBack.shape);
        Assert.Equal([3L, 6, 4], rgbBack.shape);
        Assert.True((greyBack - grey).abs().max().ToSingle() <= 0.5f / 255 + 1e-6f);
        Assert.True((rgbBack - rgb).abs().max().ToSingle() <= 0.5f / 255 + 1e-6f);
        using var bitmap = ImageFiles.Decode(temp.File("rgb.png"));
        Assert.Equal((byte)Math.Round(rgb[0, 2, 1].ToSingle() * 255), bitmap.GetPixel(1, 2).Red);   // x = column 1, y = row 2
    }

    [Fact]
    public void Saving_a_batch_or_a_four_channel_image_is_refused_with_the_file_named()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<ArgumentException>(() => ImageFiles.Save(torch.zeros(2, 1, 4, 4), temp.File("batch.png")));
        Assert.Contains("batch.png", e.Message);
        Assert.Throws<ArgumentException>(() => ImageFiles.Save(torch.zeros(4, 4, 4), temp.File("rgba.png")));
    }
}
