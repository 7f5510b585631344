using System.Diagnostics;
using System.Reflection;

namespace Course.Cli.Running;

/// <summary>Starts this same <c>labs</c> program again (as the apphost, or as <c>dotnet labs.dll</c>).</summary>
public static class SelfInvocation
{
    /// <summary>A start info for <c>labs ARGS...</c>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            psi.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? typeof(SelfInvocation).Assembly.Location);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        return psi;
    }
}
