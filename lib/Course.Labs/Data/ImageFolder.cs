namespace Course.Labs.Data;

/// <summary>
/// torchvision's <c>ImageFolder</c>: a root folder with one sub-folder per class (<c>root/cat/001.png</c>);
/// class names sorted ordinally become labels 0, 1, ...; files with an image extension are the items.
/// </summary>
public static class ImageFolder
{
    /// <summary>Lists the tree under <paramref name="root"/> (images are decoded later, when asked for, and scaled to <paramref name="size"/> if given).</summary>
    public static ImageFileDataset Load(string root, int channels = 3, (int Height, int Width)? size = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Image folder '{root}' is missing: create it with one sub-folder per class, or {DataPaths.FetchHint}.");
        var classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(name => !name.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
            throw new InvalidDataException($"Image folder '{root}' has no class folders: put each class's images in a sub-folder named after the class.");
        var paths = new List<string>();
        var labels = new List<int>();
        for (var label = 0; label < classes.Length; label++)
        {
            var classFolder = Path.Combine(root, classes[label]);
            var images = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(ImageFiles.IsImage).Order(StringComparer.Ordinal).ToArray();
            if (images.Length == 0)
                throw new InvalidDataException(
                    $"Class folder '{classFolder}' has no images ({string.Join(", ", ImageFiles.Extensions)}): add its images or delete the folder.");
            paths.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Length));
        }
        return new ImageFileDataset(paths, labels, classes, channels, size);
    }
}
