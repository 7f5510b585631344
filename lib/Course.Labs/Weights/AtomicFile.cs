namespace Course.Labs.Weights;

/// <summary>
/// Writes a file so that readers see either the old file or the whole new one: the content goes to a temporary file
/// beside the target (unique per process and call, so concurrent writers do not mix), is flushed to disk, then
/// renamed over the target.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = $"{fullPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void WriteAllText(string path, string text)
        => Write(path, stream => { using var writer = new StreamWriter(stream, leaveOpen: true); writer.Write(text); });
}
