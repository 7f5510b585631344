using Course.Labs.Display;
using Course.Labs.Models;
using Course.Labs.Runtime;
using Course.Labs.Training;
using Microsoft.DotNet.Interactive.Formatting;
using SkiaSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Plots;

public sealed class DisplayTests
{
    [Fact]
    public void Tensor_image_round_trips_through_png()
    {
        var image = TensorImage.FromTensor(tensor(new float[,] { { 0f, 1f, 0.5f }, { 1f, 0f, 2f } }), scale: 4);
        using var bitmap = SKBitmap.Decode(image.Png);
        Assert.Equal((3, 2), (bitmap.Width, bitmap.Height));
        Assert.Equal(new SKColor(0, 0, 0), bitmap.GetPixel(0, 0));
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(1, 0));
        Assert.Equal(new SKColor(128, 128, 128), bitmap.GetPixel(2, 0));
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(2, 1));   // clamped to 1
        Assert.StartsWith("<img src=\"data:image/png;base64,", image.ToHtml());
        Assert.Contains("width=\"12\"", image.ToHtml());
    }

    [Fact]
    public void Colour_images_keep_channels_and_normalize_stretches_the_range()
    {
        var rgb = zeros(3, 1, 1);
        rgb[0, 0, 0] = tensor(1f);
        using (var bitmap = SKBitmap.Decode(TensorImage.FromTensor(rgb).Png)) Assert.Equal(new SKColor(255, 0, 0), bitmap.GetPixel(0, 0));
        using (var bitmap = SKBitmap.Decode(TensorImage.FromTensor(tensor(new float[,] { { -3f, 5f } }), normalize: true).Png))
            Assert.Equal((new SKColor(0, 0, 0), new SKColor(255, 255, 255)), (bitmap.GetPixel(0, 0), bitmap.GetPixel(1, 0)));
        Assert.Throws<ArgumentException>(() => TensorImage.FromTensor(zeros(2, 4, 4)));
    }

    [Fact]
    public void Image_grid_shows_captions()
    {
        var grid = ImageGrid.FromBatch(rand(5, 1, 4, 4), ["0", "1", "2", "3", "4"], columns: 3, limit: 4);
        Assert.Equal(4, grid.Images.Count);
        string html = grid.ToHtml();
        Assert.Contains("grid-template-columns:repeat(3", html);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(html, "<figcaption").Count);
    }

    [Fact]
    public void Formatters_render_library_values_as_html()
    {
        LabsRuntime.Initialize();
        Assert.Contains(typeof(ModelSummary), LabsFormatters.HtmlTypes);
        Assert.Contains(typeof(History), LabsFormatters.HtmlTypes);
        string html = new Mlp(4, 3, 2).Summary(1, 4).ToDisplayString("text/html");
        Assert.Contains("<table>", html);
        Assert.Contains("Total params: <b>23</b>", html);
    }

    [Fact]
    public void Charts_are_shown_as_the_plotly_mime_type_first()
    {
        LabsRuntime.Initialize();
        var chart = Course.Labs.Plots.Charts.Cmc([0.5, 1.0]);
        Assert.Equal([Course.Labs.Plots.Chart.PlotlyMimeType, "text/html"], Formatter.GetPreferredMimeTypesFor(chart.GetType()));
        using var figure = System.Text.Json.JsonDocument.Parse(chart.ToDisplayString(Course.Labs.Plots.Chart.PlotlyMimeType));
        Assert.Equal(2, figure.RootElement.GetProperty("data")[0].GetProperty("x").GetArrayLength());
    }
}
