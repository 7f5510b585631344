namespace Course.Notebooks.Dialect;

/// <summary>A <c>#r "nuget: Name, Version"</c> reference. A null version means the latest the sources serve.</summary>
public sealed record PackageReference(string Name, string? Version)
{
    /// <summary>As written in a directive: <c>Name, Version</c>.</summary>
    public override string ToString() => Version is null ? Name : $"{Name}, {Version}";
}
