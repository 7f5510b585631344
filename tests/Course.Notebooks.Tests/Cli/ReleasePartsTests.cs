using System.IO.Compression;
using System.Xml.Linq;
using Course.Cli.Release;
using Course.Notebooks.Model;

namespace Course.Notebooks.Tests.Cli;

/// <summary>The parts of labs release that need no build: the library reference rewritten, the libtorch dependency retargeted.</summary>
public sealed class ReleasePartsTests
{
    [Fact]
    public void The_library_build_reference_becomes_the_release_feed_and_package()
    {
        var nb = Notebook.NewCSharp();
        nb.Cells.Add(Cell.Code("#r \"../lib/Course.Labs/bin/Release/net10.0/Course.Labs.dll\"\n#r \"../lib/Course.Labs/bin/Release/net10.0/TorchSharp.dll\"\n#r \"other/Keep.dll\"\nusing Course.Labs.Data;"));
        nb.Cells.Add(Cell.Code("var x = 1;"));

        Assert.Equal(1, LibraryReference.ToPackage(nb, "../packages", "1.2.3-r1"));

        Assert.Equal("#i \"nuget: ../packages\"\n#r \"nuget: Course.Labs, 1.2.3-r1\"\n#r \"other/Keep.dll\"\nusing Course.Labs.Data;", nb.Cells[0].Source);
        Assert.Equal("var x = 1;", nb.Cells[1].Source);
        Assert.Equal(0, LibraryReference.ToPackage(nb, "../packages", "1.2.3-r1"));   // nothing left to rewrite
    }

    [Theory]
    [InlineData("osx-arm64", "libtorch-cpu-osx-arm64")]
    [InlineData("all", "libtorch-cpu")]
    public void The_library_package_can_depend_on_another_platforms_libtorch(string platform, string expected)
    {
        string nupkg = Path.Combine(Directory.CreateTempSubdirectory("labs-nuspec-").FullName, "Course.Labs.1.0.0.nupkg");
        try
        {
            using (var zip = ZipFile.Open(nupkg, ZipArchiveMode.Create))
            using (var writer = new StreamWriter(zip.CreateEntry("Course.Labs.nuspec").Open()))
                writer.Write("""
                    <?xml version="1.0" encoding="utf-8"?>
                    <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>Course.Labs</id><version>1.0.0</version>
                      <dependencies><group targetFramework="net10.0">
                        <dependency id="TorchSharp" version="0.107.0" /><dependency id="libtorch-cpu-linux-x64" version="2.10.0" />
                      </group></dependencies></metadata></package>
                    """);

            Assert.Equal(expected, ReleasePackages.TargetPlatform(nupkg, platform));

            using var read = ZipFile.OpenRead(nupkg);
            using var stream = read.GetEntry("Course.Labs.nuspec")!.Open();
            var ids = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
            Assert.Equal(["TorchSharp", expected], ids);
            Assert.Throws<ReleaseException>(() => ReleasePackages.TargetPlatform(nupkg, "amiga"));
        }
        finally { Directory.Delete(Path.GetDirectoryName(nupkg)!, recursive: true); }
    }
}
