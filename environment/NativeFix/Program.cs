using System.Text;
using System.Text.Json;
using Course.Setup;

// native-fix: checks whether native libraries load on this machine and, where a missing symbol version is known to be
// harmless, writes a patched copy the project's builds and notebook host use instead. Never changes the original.
//
//   native-fix check LIBRARY...                      exit 0: all load as they are; 3: a fix is needed; 4: cannot be fixed
//   native-fix fix --store DIR LIBRARY...            writes patched copies and DIR/native-fixes.{props,json}; exit 4 if one cannot be fixed
//
// The manifests list each original file with its replacement; Directory.Build.targets and the notebook engine read them.

if (args.Length < 2 || (args[0] != "check" && args[0] != "fix"))
{
    Console.Error.WriteLine("usage: native-fix check LIBRARY... | native-fix fix --store DIR LIBRARY...");
    return 2;
}

string? store = null;
var libraries = new List<string>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--store" && i + 1 < args.Length) store = args[++i];
    else libraries.Add(args[i]);
}
if (args[0] == "fix" && store is null) { Console.Error.WriteLine("native-fix fix: --store DIR is required."); return 2; }

int worst = 0;
var fixes = new List<(string Original, string Replacement, NativeFixPlan Plan)>();
foreach (var library in libraries)
{
    NativeFixPlan plan;
    try
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(library))!;
        plan = NativeFixPlan.For(library, name => NativeFixPlan.ResolveSystemLibrary(name, besideFolder: folder));
    }
    catch (InvalidDataException e)
    {
        Console.Error.WriteLine($"native-fix: {e.Message}");
        return 4;
    }
    if (plan.LoadsAsIs)
    {
        if (args[0] == "check") Console.WriteLine($"ok: {library} loads as it is.");
        continue;
    }
    string missing = string.Join(", ", plan.Missing.Select(m => $"{m.Version} from {m.Library} (symbols: {string.Join(' ', m.Symbols)})"));
    if (!plan.CanFix)
    {
        Console.Error.WriteLine($"native-fix: {library} needs {missing}, which this machine's libraries lack and which cannot be " +
                                "relaxed safely. Install a newer C++ runtime (libstdc++ from GCC 13 or later) or use a newer distribution.");
        worst = 4;
        continue;
    }
    worst = Math.Max(worst, 3);
    if (args[0] == "check") { Console.WriteLine($"needs fix: {library} needs {missing}; only a never-called symbol uses it."); continue; }

    string full = Path.GetFullPath(library);
    string replacement = Path.Combine(Path.GetFullPath(store!), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16], Path.GetFileName(full));
    bool existed = File.Exists(replacement) && NativeFixPlan.For(replacement, name => NativeFixPlan.ResolveSystemLibrary(name, besideFolder: Path.GetDirectoryName(full))).LoadsAsIs
                   && File.GetLastWriteTimeUtc(replacement) >= File.GetLastWriteTimeUtc(full);
    if (!existed) ElfVersionNeeds.Read(full).WriteWithWeakNeeds(plan.Relaxable, replacement);
    var check = NativeFixPlan.For(replacement, name => NativeFixPlan.ResolveSystemLibrary(name, besideFolder: Path.GetDirectoryName(full)));
    if (!check.LoadsAsIs) { Console.Error.WriteLine($"native-fix: the patched copy {replacement} still needs {missing}."); return 4; }
    fixes.Add((full, replacement, plan));
    if (!existed) Console.WriteLine($"fixed: {full} -> {replacement} (relaxed {string.Join(", ", plan.Relaxable.Select(r => r.Version))})");
}

if (args[0] == "fix")
{
    if (worst == 4) return 4;
    Directory.CreateDirectory(store!);
    WriteAtomically(Path.Combine(store!, "native-fixes.json"), JsonSerializer.Serialize(
        fixes.Select(f => new { original = f.Original, replacement = f.Replacement, relaxed = f.Plan.Relaxable.Select(r => r.Version).ToArray() }),
        new JsonSerializerOptions { WriteIndented = true }));
    var props = new StringBuilder("<Project>\n  <!-- Written by environment/setup.sh (native-fix). Each original native file and the patched copy builds use. -->\n  <ItemGroup>\n");
    foreach (var f in fixes)
        props.Append($"    <LabsNativeFix Include=\"{System.Security.SecurityElement.Escape(f.Original)}\" Replacement=\"{System.Security.SecurityElement.Escape(f.Replacement)}\" />\n");
    props.Append("  </ItemGroup>\n</Project>\n");
    WriteAtomically(Path.Combine(store!, "native-fixes.props"), props.ToString());
}
return args[0] == "check" ? worst : 0;

static void WriteAtomically(string path, string text)
{
    if (File.Exists(path) && File.ReadAllText(path) == text) return;   // idempotent: nothing to do, nothing written
    string temp = path + ".tmp-" + Environment.ProcessId;
    File.WriteAllText(temp, text);
    File.Move(temp, path, overwrite: true);
}
