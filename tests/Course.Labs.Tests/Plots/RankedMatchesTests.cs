using Course.Labs.Display;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Plots;

public sealed class RankedMatchesTests
{
    [Fact]
    public void Rows_follow_the_distances_frame_matches_green_and_leave_out_same_camera_images()
    {
        // 1 query (person 7, camera 0); gallery: 0 = person 7 camera 0 (left out), 1 = person 3, 2 = person 7 camera 2.
        var dist = tensor(new float[,] { { 0.1f, 0.5f, 0.2f } });
        var images = rand(3, 3, 8, 4);
        var view = RankedMatches.FromDistances(dist, [0], q => ones(3, 8, 4), g => images[g],
            queryPids: [7], galleryPids: [7, 3, 7], queryCams: [0], galleryCams: [0, 1, 2], topK: 5);

        var row = Assert.Single(view.Rows);
        Assert.Equal([true, false], row.Ranked.Select(r => r.Match));          // gallery 2 (d .2), then gallery 1 (d .5)
        Assert.StartsWith("#1 id 7 c3", row.Ranked[0].Caption);
        Assert.Equal(0.5, view.MatchFraction);
        string html = view.ToHtml();
        Assert.Contains(RankedMatches.MatchColor, html);
        Assert.Contains(RankedMatches.MismatchColor, html);
        Assert.Equal(3, html.Split("<img ").Length - 1);                          // the query and two gallery images
        Assert.Equal("query id 7 c1: + -", view.ToString());

        var all = RankedMatches.FromDistances(dist, [0], q => ones(3, 8, 4), g => images[g], [7], [7, 3, 7], [0], [0, 1, 2], excludeSameCamera: false);
        Assert.Equal([true, true, false], all.Rows[0].Ranked.Select(r => r.Match));
    }

    [Fact]
    public void A_distance_matrix_of_the_wrong_shape_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => RankedMatches.FromDistances(zeros(2, 3), [0], q => zeros(3, 2, 2), g => zeros(3, 2, 2), [1], [1, 2, 3]));
        Assert.Equal("distances", e.ParamName);
    }
}
