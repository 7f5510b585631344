namespace Course.Labs.Data;

/// <summary>
/// torchvision's <c>ImageFolder</c>: a root folder with one sub-folder per class (<c>root/cat/001.png</c>);
/// class names sorted ordinally become labels 0, 1, ...; files with an image extension are the items.
/// <see cref="Write"/> lays a data set out that way (the folder tree a downloaded data set such as Caltech-101 comes as).
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

    /// <summary>
    /// Writes <paramref name="dataset"/> as an image folder: item <c>i</c> becomes <c>root/CLASS/NNNNNN.png</c> (a PNG of
    /// <see cref="ImageFiles.Save"/>, <c>NNNNNN</c> = i), <c>CLASS</c> being its class name with every character a file
    /// name cannot hold (<c>/</c>, <c>\</c>, <c>:</c>, ...) replaced by <c>_</c> (<see cref="FolderName"/>); a class without items
    /// gets no folder, since <see cref="Load"/> refuses an empty one. The tree is
    /// written into a temporary folder beside <paramref name="root"/> and then takes its place (a folder already there
    /// is replaced), so an interrupted write never leaves a half-written tree. Returns the full path of the root.
    /// </summary>
    public static string Write(ImageDataset dataset, string root)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        var folders = dataset.Classes.Select(FolderName).ToArray();
        var clash = folders.GroupBy(f => f, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"Two classes of the data set give the folder name '{clash.Key}': rename one of them.", nameof(dataset));
        var temporary = $"{full}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            foreach (var label in dataset.Labels.Distinct()) Directory.CreateDirectory(Path.Combine(temporary, folders[label]));
            for (var i = 0; i < dataset.Count; i++)
            {
                using var image = dataset.GetImage(i);
                ImageFiles.Save(image, Path.Combine(temporary, folders[dataset.Labels[i]], $"{i:D6}.png"));
            }
            if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            Directory.Move(temporary, full);
            return full;
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>A class name as a folder name: characters no file name may hold on Windows, macOS or Linux become <c>_</c>.</summary>
    public static string FolderName(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        var name = new string(className.Select(c => c < 32 || "<>:\"/\\|?*".Contains(c) ? '_' : c).ToArray()).Trim();
        return name.Length == 0 || name is "." or ".." ? "_" : name;
    }
}
