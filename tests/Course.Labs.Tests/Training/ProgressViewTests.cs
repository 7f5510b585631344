using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

public sealed class ProgressViewTests
{
    [Fact]
    public void Terminal_bar_redraws_in_place_and_keeps_a_line_per_epoch()
    {
        var text = new StringWriter();
        var options = new TrainerOptions { Device = CPU, Progress = [new TerminalProgress(text, TimeSpan.Zero)] };
        new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(64, 1), epochs: 2);
        string output = text.ToString();
        Assert.Contains("\r[", output);
        Assert.Contains("[########################] epoch 2/2 batch 2/2", output);
        Assert.Matches(@"epoch 1/2 loss \d\.\d{4} acc \d+\.\d\d% \| \d+ img/s", output);
        var kept = output.Split('\n').Select(line => line.Split('\r')[^1].Trim()).Where(line => line.Length > 0).ToList();
        Assert.Equal(2, kept.Count);   // one line per epoch; the bar was overwritten each time
        Assert.StartsWith("epoch 2/2 loss", kept[1]);
    }

    [Fact]
    public void Notebook_view_updates_one_output()
    {
        var updates = new List<string>();
        var view = new NotebookProgress(updates.Add, TimeSpan.Zero);
        new Trainer(SyntheticData.Model(1), new TrainerOptions { Device = CPU, Progress = [view] }).Fit(SyntheticData.Source(64, 1), epochs: 2);
        Assert.True(updates.Count >= 5);   // 4 batches, 2 epoch ends, the end
        Assert.Contains("2 epochs, done", updates[^1]);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(updates[^1], "epoch \\d/2 loss").Count);
        Assert.Equal(view.LastHtml, updates[^1]);
    }

    [Fact]
    public void A_display_handle_with_update_is_driven_with_html_fragments()
    {
        var handle = new FakeDisplayHandle();
        var view = NotebookProgress.ForDisplay(handle, "first <run>", TimeSpan.Zero);
        var starting = Assert.IsType<Course.Labs.Display.HtmlFragment>(Assert.Single(handle.Values)).ToHtml();
        Assert.Contains("<b>first &lt;run&gt;</b>", starting);   // the title, encoded, from the start
        Assert.Contains("starting", starting);
        new Trainer(SyntheticData.Model(1), new TrainerOptions { Device = CPU, Progress = [view] }).Fit(SyntheticData.Source(32, 1), epochs: 1);
        var last = Assert.IsType<Course.Labs.Display.HtmlFragment>(handle.Values[^1]);
        Assert.Contains("1 epochs, done", last.ToHtml());
        Assert.Contains("<b>first &lt;run&gt;</b>", last.ToHtml());
        var e = Assert.Throws<ArgumentException>(() => NotebookProgress.ForDisplay("not a handle"));
        Assert.Contains("Update(object)", e.Message);
    }

    private sealed class FakeDisplayHandle
    {
        public List<object> Values { get; } = [];
        public void Update(object value) => Values.Add(value);
    }
}
