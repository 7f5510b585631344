using Course.Labs.Data;
using TorchSharp;

namespace Course.Labs.Tests.Data;

/// <summary>A data set written as a class-per-folder tree of PNG files reads back as the same images under the same class names.</summary>
public sealed class ImageFolderWriteTests
{
    private static InMemoryImageDataset Grey(int[] labels, string[] classes)
    {
        var pixels = new byte[labels.Length * 4 * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        return new InMemoryImageDataset(pixels, labels, 1, 4, 3, classes);
    }

    [Fact]
    public void Every_item_becomes_a_png_in_its_class_folder_and_reads_back_as_the_same_image()
    {
        using var temp = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var dataset = Grey([2, 0, 2, 1], ["T-shirt/top", "Bag", "Coat"]);

        var root = ImageFolder.Write(dataset, Path.Combine(temp.Path, "images", "train"));

        Assert.Equal(Path.Combine(temp.Path, "images", "train"), root);
        Assert.True(File.Exists(Path.Combine(root, "T-shirt_top", "000001.png")));
        Assert.True(File.Exists(Path.Combine(root, "Coat", "000002.png")));
        Assert.DoesNotContain(Directory.GetDirectories(Path.GetDirectoryName(root)!), d => d.Contains(".partial-"));
        var back = ImageFolder.Load(root, channels: 1);
        Assert.Equal(["Bag", "Coat", "T-shirt_top"], back.Classes);   // sorted folder names, as torchvision's ImageFolder
        for (var i = 0; i < back.Count; i++)
        {
            int original = int.Parse(Path.GetFileNameWithoutExtension(back.Paths[i]));
            Assert.Equal(ImageFolder.FolderName(dataset.Classes[dataset.Labels[original]]), back.Classes[back.Labels[i]]);
            Assert.True(torch.allclose(back.GetImage(i), dataset.GetImage(original), atol: 1.0 / 510 + 1e-6), $"item {original}");
        }
    }

    [Fact]
    public void A_second_write_replaces_the_tree_and_a_class_without_items_gets_no_folder()
    {
        using var temp = new TempFolder();
        var root = Path.Combine(temp.Path, "tree");
        ImageFolder.Write(Grey([0, 1, 2], ["a", "b", "c"]), root);

        ImageFolder.Write(Grey([0, 0], ["a", "b", "c"]), root);

        Assert.Equal(["a"], Directory.GetDirectories(root).Select(Path.GetFileName));
        Assert.Equal(2, Directory.GetFiles(root, "*.png", SearchOption.AllDirectories).Length);
        Assert.Equal(2, ImageFolder.Load(root).Count);
    }

    [Fact]
    public void Class_names_that_give_one_folder_name_are_refused_with_the_name_given()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<ArgumentException>(() => ImageFolder.Write(Grey([0, 1], ["a/b", "a_b"]), Path.Combine(temp.Path, "tree")));
        Assert.Contains("'a_b'", error.Message);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "tree")));
    }

    [Theory]
    [InlineData("T-shirt/top", "T-shirt_top")]
    [InlineData("a:b*c?", "a_b_c_")]
    [InlineData("..", "_")]
    [InlineData("  ", "_")]
    [InlineData("Ankle boot", "Ankle boot")]
    public void Folder_names_replace_what_a_file_name_cannot_hold(string className, string folder)
        => Assert.Equal(folder, ImageFolder.FolderName(className));
}
