using System.Net;
using System.Text;
using static TorchSharp.torch;

namespace Course.Labs.Display;

/// <summary>
/// A batch of images [N, C, H, W] laid out in rows, each with an optional caption (label, prediction, distance):
/// reconstructions per epoch, nearest neighbours, a data set's first samples.
/// </summary>
public sealed class ImageGrid : IHtmlContent
{
    public ImageGrid(IReadOnlyList<TensorImage> images, IReadOnlyList<string>? captions = null, int columns = 8)
    {
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be 1 or more.");
        if (captions is not null && captions.Count != images.Count)
            throw new ArgumentException($"captions must have one entry per image ({images.Count}), got {captions.Count}.", nameof(captions));
        Images = images;
        Captions = captions;
        Columns = columns;
    }

    public IReadOnlyList<TensorImage> Images { get; }
    public IReadOnlyList<string>? Captions { get; }
    public int Columns { get; }

    /// <summary>The first <paramref name="limit"/> images of a batch [N, C, H, W] (or [N, H, W]).</summary>
    public static ImageGrid FromBatch(Tensor batch, IReadOnlyList<string>? captions = null, int columns = 8, int scale = 2, bool normalize = false, int limit = 64)
    {
        if (batch.dim() is not (3 or 4))
            throw new ArgumentException($"batch must be [N, C, H, W] or [N, H, W] (got [{string.Join(", ", batch.shape)}]).", nameof(batch));
        int count = (int)Math.Min(limit, batch.shape[0]);
        var images = new List<TensorImage>(count);
        for (int i = 0; i < count; i++)
        {
            using var image = batch[i];
            images.Add(TensorImage.FromTensor(image, normalize, scale));
        }
        return new ImageGrid(images, captions?.Take(count).ToList(), columns);
    }

    public string ToHtml()
    {
        var html = new StringBuilder($"<div style=\"display:grid;grid-template-columns:repeat({Columns},max-content);gap:6px\">");
        for (int i = 0; i < Images.Count; i++)
        {
            html.Append("<figure style=\"margin:0;text-align:center\">").Append(Images[i].ToHtml());
            if (Captions is not null) html.Append($"<figcaption style=\"font-size:11px\">{WebUtility.HtmlEncode(Captions[i])}</figcaption>");
            html.Append("</figure>");
        }
        return html.Append("</div>").ToString();
    }

    public override string ToString() => $"ImageGrid of {Images.Count} images";
}
