namespace Course.Labs.Tests.Data;

/// <summary>A fresh folder under the system temp folder, deleted on dispose; tests write their tiny inputs into it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "labs-data-tests-" + Guid.NewGuid().ToString("N")));

    public string Path { get; }

    /// <summary>Full path of <paramref name="relative"/> inside the folder, its parent folder created.</summary>
    public string File(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
