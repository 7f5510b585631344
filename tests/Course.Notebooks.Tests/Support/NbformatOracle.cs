using System.Diagnostics;

namespace Course.Notebooks.Tests.Support;

/// <summary>Validates .ipynb files with nbformat's own schema (Debian's python3-nbformat, see environment/test-packages.txt).</summary>
public static class NbformatOracle
{
    private const string Python = "/usr/bin/python3";

    public static void AssertValid(string path)
    {
        var psi = new ProcessStartInfo(Python, ["-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))", path])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{path} is not valid nbformat (is python3-nbformat installed? apt-get install python3-nbformat):\n{err}");
    }
}
