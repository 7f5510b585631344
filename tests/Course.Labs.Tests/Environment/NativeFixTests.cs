using Course.Setup;

namespace Course.Labs.Tests.Environment;

/// <summary>The ELF version-need reader and patcher behind environment/fix-native.sh, on the real TorchSharp library.</summary>
public sealed class NativeFixTests
{
    private static string TorchSharpNative()
    {
        string packages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                          ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"{path} is missing: run environment/setup.sh (it restores TorchSharp).");
        return path;
    }

    [Fact]
    public void Reads_the_GLIBCXX_3_4_32_need_and_its_only_symbol()
    {
        var elf = ElfVersionNeeds.Read(TorchSharpNative());
        var need = Assert.Single(elf.Needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.Weak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], need.Symbols);
        Assert.Contains(elf.Needs, n => n.Version == "GLIBCXX_3.4.19");
    }

    [Fact]
    public void Patched_copy_marks_only_that_need_weak_and_changes_nothing_else()
    {
        string original = TorchSharpNative();
        var elf = ElfVersionNeeds.Read(original);
        var need = elf.Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        string output = Path.Combine(Path.GetTempPath(), $"native-fix-{Guid.NewGuid():N}.so");
        try
        {
            elf.WriteWithWeakNeeds([need], output);
            var patched = ElfVersionNeeds.Read(output);
            Assert.True(patched.Needs.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
            Assert.All(patched.Needs.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.Weak));

            byte[] a = File.ReadAllBytes(original), b = File.ReadAllBytes(output);
            Assert.Equal(a.Length, b.Length);
            var differing = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
            Assert.Single(differing);   // one byte of vna_flags
            Assert.Equal(need.FlagsOffset, differing[0]);
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Plan_against_this_machines_libstdcxx_matches_what_it_defines()
    {
        string lib = TorchSharpNative();
        string? libstdcxx = NativeFixPlan.ResolveSystemLibrary("libstdc++.so.6");
        Assert.NotNull(libstdcxx);
        bool machineHas32 = ElfVersionNeeds.Read(libstdcxx!).Definitions.Contains("GLIBCXX_3.4.32");
        var plan = NativeFixPlan.For(lib, name => NativeFixPlan.ResolveSystemLibrary(name, Path.GetDirectoryName(lib)));
        Assert.Equal(machineHas32, plan.LoadsAsIs);   // a machine with GCC 13's libstdc++ is never touched
        Assert.True(plan.CanFix);
        if (!machineHas32) Assert.Equal("GLIBCXX_3.4.32", Assert.Single(plan.Relaxable).Version);
    }

    [Fact]
    public void Needs_used_by_real_symbols_are_refused()
    {
        // Resolve every needed library to one that defines no versions at all: every need is missing,
        // and needs bound to called symbols (malloc@GLIBC_2.2.5 and the like) must not be relaxed.
        string lib = TorchSharpNative();
        string? noVersions = NativeFixPlan.ResolveSystemLibrary("libz.so.1");
        Assert.NotNull(noVersions);
        var plan = NativeFixPlan.For(lib, _ => noVersions);
        Assert.False(plan.LoadsAsIs);
        Assert.False(plan.CanFix);
        Assert.True(plan.Missing.Count > plan.Relaxable.Count);
    }

    [Fact]
    public void A_file_that_is_not_ELF_gives_an_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-elf-{Guid.NewGuid():N}.so");
        File.WriteAllText(path, "this is not a shared library");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("not an ELF file", e.Message);
        }
        finally { File.Delete(path); }
    }
}
