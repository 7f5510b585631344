using System.Diagnostics;

namespace Course.Setup;

/// <summary>What a library needs that this machine's system libraries do not define, and whether that can be relaxed.</summary>
public sealed record NativeFixPlan(string Library, IReadOnlyList<VersionNeed> Missing, IReadOnlyList<VersionNeed> Relaxable)
{
    /// <summary>True when the library loads here as it is.</summary>
    public bool LoadsAsIs => Missing.Count == 0;

    /// <summary>True when every missing version is bound only to symbols known never to be called.</summary>
    public bool CanFix => Missing.Count == Relaxable.Count;

    /// <summary>Compares <paramref name="library"/>'s version needs with what the resolved dependencies define.</summary>
    /// <param name="resolve">Maps a needed file name (libstdc++.so.6) to the path the loader would use, or null.</param>
    public static NativeFixPlan For(string library, Func<string, string?> resolve)
    {
        var elf = ElfVersionNeeds.Read(library);
        var defined = new Dictionary<string, IReadOnlyList<string>?>();
        var missing = new List<VersionNeed>();
        foreach (var need in elf.Needs.Where(n => !n.Weak))
        {
            if (!defined.TryGetValue(need.Library, out var defs))
            {
                string? path = resolve(need.Library);
                defs = path is null ? null : ElfVersionNeeds.Read(path).Definitions;
                defined[need.Library] = defs;
            }
            if (defs is not null && !defs.Contains(need.Version)) missing.Add(need);
        }
        var relaxable = missing.Where(n => n.Symbols.All(ElfVersionNeeds.KnownUnusedSymbols.Contains)).ToList();
        return new NativeFixPlan(library, missing, relaxable);
    }

    /// <summary>Resolves a library name the way the dynamic loader would: the ldconfig cache, then the usual folders.</summary>
    public static string? ResolveSystemLibrary(string name, string? besideFolder = null)
    {
        if (besideFolder is not null && File.Exists(System.IO.Path.Combine(besideFolder, name)))
            return System.IO.Path.Combine(besideFolder, name);
        foreach (var (lib, path) in LdconfigCache.Value)
            if (lib == name && File.Exists(path)) return path;
        foreach (var dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
                                    "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu" })
        {
            string p = System.IO.Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static readonly Lazy<List<(string Lib, string Path)>> LdconfigCache = new(() =>
    {
        var list = new List<(string, string)>();
        foreach (var exe in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
        {
            try
            {
                var psi = new ProcessStartInfo(exe, "-p") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi)!;
                string text = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                foreach (var line in text.Split('\n'))
                {
                    // "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                    int arrow = line.IndexOf("=>", StringComparison.Ordinal);
                    if (arrow < 0) continue;
                    string lib = line[..arrow].Trim().Split(' ')[0];
                    bool is64 = line.Contains("64", StringComparison.Ordinal);
                    if (is64) list.Add((lib, line[(arrow + 2)..].Trim()));
                }
                return list;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { }
        }
        return list;
    });
}
