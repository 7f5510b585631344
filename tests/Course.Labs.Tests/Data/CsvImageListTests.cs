using TorchSharp;
using Course.Labs.Data;
using SkiaSharp;

namespace Course.Labs.Tests.Data;

/// <summary>The Caltech-101 lab's layout: images under the data root, train.csv listing path,label relative to it.</summary>
public sealed class CsvImageListTests
{
    [Fact]
    public void A_csv_with_a_header_lists_paths_relative_to_its_folder_and_integer_labels()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("Caltech101/images/llama/image_0007.png"), SKColors.Red);
        TestFiles.WritePng(temp.File("Caltech101/images/ant/image_0001.png"), SKColors.Lime);
        File.WriteAllText(temp.File("Caltech101/train.csv"), "path,label\nimages/llama/image_0007.png,2\nimages/ant/image_0001.png,0\n");

        var dataset = CsvImageList.Load(temp.File("Caltech101/train.csv"));

        Assert.Equal(2, dataset.Count);
        Assert.Equal([2, 0], dataset.Labels);
        Assert.Equal(3, dataset.ClassCount);
        Assert.Equal(temp.File("Caltech101/images/llama/image_0007.png"), dataset.Paths[0]);
        using var image = dataset.GetImage(1);
        Assert.Equal([3L, 4, 4], image.shape);
        Assert.Equal(1f, image[1, 0, 0].ToSingle());
    }

    [Fact]
    public void Header_columns_are_found_by_name_and_class_names_become_sorted_indices()
    {
        using var temp = new TempFolder();
        TestFiles.WritePng(temp.File("root/x/1.png"), SKColors.White);
        TestFiles.WritePng(temp.File("root/x/2.png"), SKColors.Black);
        File.WriteAllText(temp.File("lists/valid.csv"), "label,path\nzebra,x/1.png\nant,x/2.png\nzebra,x/2.png\n");

        var dataset = CsvImageList.Load(temp.File("lists/valid.csv"), dataRoot: Path.Combine(temp.Path, "root"), channels: 1);

        Assert.Equal(["ant", "zebra"], dataset.Classes);
        Assert.Equal([1, 0, 1], dataset.Labels);
        using var white = dataset.GetImage(0);
        Assert.Equal([1L, 4, 4], white.shape);
        Assert.Equal(1f, white[0, 0, 0].ToSingle(), 3);
    }

    [Fact]
    public void A_csv_without_a_header_is_read_from_its_first_row()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("list.csv"), "a.png,1\r\n\"b.png\",0\r\n");

        var dataset = CsvImageList.Load(temp.File("list.csv"));

        Assert.Equal([1, 0], dataset.Labels);
        Assert.Equal(temp.File("b.png"), dataset.Paths[1]);
    }

    [Fact]
    public void A_missing_listed_image_is_named_when_read_and_a_short_row_when_loaded()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("list.csv"), "path,label\ngone.png,0\n");
        File.WriteAllText(temp.File("short.csv"), "path,label\na.png,0\nb.png\n");

        var missing = Assert.Throws<FileNotFoundException>(() => CsvImageList.Load(temp.File("list.csv")).GetImage(0));
        var shortRow = Assert.Throws<InvalidDataException>(() => CsvImageList.Load(temp.File("short.csv")));

        Assert.Contains(temp.File("gone.png"), missing.Message);
        Assert.Contains(temp.File("short.csv"), shortRow.Message);
        Assert.Contains("line 3", shortRow.Message);
    }
    [Fact]
    public void A_written_list_reads_back_as_the_same_images_and_labels_in_item_order()
    {
        using var temp = new TempFolder();
        var pixels = Enumerable.Range(0, 6 * 12).Select(i => (byte)(i * 3)).ToArray();
        var source = new InMemoryImageDataset(pixels, [2, 0, 1, 2, 0, 1], 1, 3, 4, ["a", "b", "c"]);
        var subset = source.Subset([4, 1, 3]);

        var csv = CsvImageList.Write(subset, temp.File("lists/valid.csv"));
        var read = CsvImageList.Load(csv, channels: 1);

        Assert.Equal(temp.File("lists/valid.csv"), csv);
        Assert.Equal(["path,label", "images/valid/0/000000.png,0"], File.ReadLines(csv).Take(2));
        Assert.Equal([0, 0, 2], read.Labels);
        Assert.False(File.Exists(csv + ".tmp"));
        for (var i = 0; i < subset.Count; i++)
        {
            using var expected = subset.GetImage(i);
            using var actual = read.GetImage(i);
            Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-6), $"item {i} differs after the round trip");
        }
    }

    [Fact]
    public void Quoted_fields_may_hold_separators_quotes_and_line_breaks()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("list.csv"),
            "path,label,note\n\"photos/a, b.png\",llama,\"two\nlines\"\n\"photos/say \"\"hi\"\".png\",ant,\"\"\nphotos/c.png,llama,plain\n");

        var dataset = CsvImageList.Load(temp.File("list.csv"));

        Assert.Equal(3, dataset.Count);
        Assert.Equal(temp.File("photos/a, b.png"), dataset.Paths[0]);
        Assert.Equal(temp.File("photos/say \"hi\".png"), dataset.Paths[1]);
        Assert.Equal(["ant", "llama"], dataset.Classes);
        Assert.Equal([1, 0, 1], dataset.Labels);
    }

    [Fact]
    public void Semicolon_and_tab_separated_lists_are_read_as_well()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("semicolon.csv"), "path;label\nimages/1,5.png;3\nimages/2.png;1\n");
        File.WriteAllText(temp.File("tab.tsv"), "images/1.png\t2\nimages/2.png\t0\n");

        var semicolon = CsvImageList.Load(temp.File("semicolon.csv"));
        var tab = CsvImageList.Load(temp.File("tab.tsv"));

        Assert.Equal([3, 1], semicolon.Labels);
        Assert.Equal(temp.File("images/1,5.png"), semicolon.Paths[0]);
        Assert.Equal([2, 0], tab.Labels);
    }

    [Fact]
    public void A_row_after_a_multi_line_field_is_named_by_its_own_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("list.csv"), "path,label\n\"a\nb.png\",0\nc.png\n");

        var e = Assert.Throws<InvalidDataException>(() => CsvImageList.Load(temp.File("list.csv")));

        Assert.Contains("line 4", e.Message);
    }
}
