using Course.Labs.Tests.Support;

namespace Course.Labs.Tests;

/// <summary>
/// The test assembly is also a small program, so that a test can run library code in another process:
/// <c>dotnet Course.Labs.Tests.dll seed-probe FOLDER</c> prints <see cref="SeedProbe.Fingerprints"/>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["seed-probe", var folder])
        {
            foreach (var line in SeedProbe.Fingerprints(folder)) Console.WriteLine(line);
            return 0;
        }
        Console.Error.WriteLine("usage: dotnet Course.Labs.Tests.dll seed-probe FOLDER (the tests run with dotnet test)");
        return 2;
    }
}
