using System.Net;
using System.Text;
using static TorchSharp.torch;

namespace Course.Labs.Display;

/// <summary>One gallery image in a ranking: its picture, whether it is the query's identity, and a caption.</summary>
public sealed record RankedImage(TensorImage Image, bool Match, string Caption);

/// <summary>
/// Retrieval results as pictures: each query image (blue frame) beside its top-k gallery images in rank order,
/// framed green when they show the query's identity and red when not (person re-identification, image retrieval).
/// </summary>
public sealed class RankedMatches : IHtmlContent
{
    public const string QueryColor = "#3070d0", MatchColor = "#2a2", MismatchColor = "#d22";

    public RankedMatches(IReadOnlyList<(TensorImage Query, string Caption, IReadOnlyList<RankedImage> Ranked)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Rows = rows;
    }

    public IReadOnlyList<(TensorImage Query, string Caption, IReadOnlyList<RankedImage> Ranked)> Rows { get; }

    /// <summary>
    /// The rankings of some queries from a query x gallery distance matrix (smaller = more similar). With
    /// <paramref name="excludeSameCamera"/> (the Market-1501 protocol) gallery images of the query's identity taken
    /// by the query's camera are left out, as the evaluation leaves them out.
    /// </summary>
    /// <param name="distances">[numQ, numG] distances.</param>
    /// <param name="queryIndices">The rows (queries) to show.</param>
    /// <param name="queryImage">Image [3, H, W] (values 0..1) of query i.</param>
    /// <param name="galleryImage">Image [3, H, W] (values 0..1) of gallery item j.</param>
    /// <param name="queryPids">Person id of every query.</param>
    /// <param name="galleryPids">Person id of every gallery item.</param>
    /// <param name="queryCams">Camera of every query (null: no camera filtering).</param>
    /// <param name="galleryCams">Camera of every gallery item (null: no camera filtering).</param>
    /// <param name="topK">Gallery images per row.</param>
    /// <param name="scale">Display magnification of every image.</param>
    /// <param name="excludeSameCamera">Leave out the query person's images from the query's camera (the Market-1501 protocol).</param>
    public static RankedMatches FromDistances(Tensor distances, IReadOnlyList<int> queryIndices,
        Func<int, Tensor> queryImage, Func<int, Tensor> galleryImage,
        IReadOnlyList<int> queryPids, IReadOnlyList<int> galleryPids,
        IReadOnlyList<int>? queryCams = null, IReadOnlyList<int>? galleryCams = null,
        int topK = 8, int scale = 1, bool excludeSameCamera = true)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(queryIndices);
        if (distances.dim() != 2 || distances.shape[0] != queryPids.Count || distances.shape[1] != galleryPids.Count)
            throw new ArgumentException($"distances must be [{queryPids.Count}, {galleryPids.Count}] (queries x gallery); got [{string.Join(", ", distances.shape)}].", nameof(distances));
        if (topK < 1) throw new ArgumentOutOfRangeException(nameof(topK), topK, "topK must be 1 or more.");
        bool filter = excludeSameCamera && queryCams is not null && galleryCams is not null;

        var rows = new List<(TensorImage, string, IReadOnlyList<RankedImage>)>();
        foreach (int q in queryIndices)
        {
            float[] row;
            using (var r = distances[q].detach().cpu().to(ScalarType.Float32).contiguous()) row = r.data<float>().ToArray();
            var order = Enumerable.Range(0, row.Length)
                .Where(g => !(filter && galleryPids[g] == queryPids[q] && galleryCams![g] == queryCams![q]))
                .OrderBy(g => row[g]).ThenBy(g => g)
                .Take(topK);
            var ranked = new List<RankedImage>();
            int rank = 0;
            foreach (int g in order)
            {
                rank++;
                using var image = galleryImage(g);
                string cam = galleryCams is null ? "" : $" c{galleryCams[g] + 1}";
                ranked.Add(new RankedImage(TensorImage.FromTensor(image, scale: scale), galleryPids[g] == queryPids[q],
                    $"#{rank} id {galleryPids[g]}{cam}\nd={row[g]:F2}"));
            }
            using var query = queryImage(q);
            string qcam = queryCams is null ? "" : $" c{queryCams[q] + 1}";
            rows.Add((TensorImage.FromTensor(query, scale: scale), $"query id {queryPids[q]}{qcam}", ranked));
        }
        return new RankedMatches(rows);
    }

    /// <summary>Fraction of shown gallery images that match their query (per rank position, over the rows).</summary>
    public double MatchFraction => Rows.Sum(r => r.Ranked.Count) == 0 ? 0
        : (double)Rows.Sum(r => r.Ranked.Count(i => i.Match)) / Rows.Sum(r => r.Ranked.Count);

    private static string Figure(TensorImage image, string caption, string color)
        => $"<figure style=\"margin:0;text-align:center\"><div style=\"border:3px solid {color};line-height:0\">{image.ToHtml()}</div>" +
           $"<figcaption style=\"font-size:10px;white-space:pre-line\">{WebUtility.HtmlEncode(caption)}</figcaption></figure>";

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"labs-ranked-matches\" style=\"display:flex;flex-direction:column;gap:8px\">");
        foreach (var (query, caption, ranked) in Rows)
        {
            html.Append("<div style=\"display:flex;gap:4px;align-items:flex-start\">");
            html.Append(Figure(query, caption, QueryColor));
            html.Append("<div style=\"width:14px\"></div>");
            foreach (var item in ranked) html.Append(Figure(item.Image, item.Caption, item.Match ? MatchColor : MismatchColor));
            html.Append("</div>");
        }
        return html.Append("</div>").ToString();
    }

    public override string ToString()
        => string.Join("\n", Rows.Select(r => $"{r.Caption}: " + string.Join(" ", r.Ranked.Select(i => i.Match ? "+" : "-"))));
}
