namespace Course.Grading.Tests.Hostile;

/// <summary>The code hostile students put in their notebooks (C# script cells), with the paths they aim at.</summary>
public static class Attacks
{
    private static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Array(IEnumerable<string> paths) => "new string[] { " + string.Join(", ", paths.Select(Literal)) + " }";

    /// <summary>Reads every path it is told of, lists folders, dumps the environment and every process's command line.</summary>
    public static string Spy(IEnumerable<string> paths) => $$"""
        var seen = new System.Text.StringBuilder();
        void Look(string path)
        {
            try
            {
                if (File.Exists(path)) { var t = File.ReadAllText(path); seen.Append("FILE " + path + "\n" + t[..Math.Min(t.Length, 20000)] + "\n"); }
                else if (Directory.Exists(path)) foreach (var e in Directory.EnumerateFileSystemEntries(path)) seen.Append("ENTRY " + e + "\n");
                else seen.Append("MISSING " + path + "\n");
            }
            catch (Exception e) { seen.Append("DENIED " + path + " " + e.GetType().Name + "\n"); }
        }
        foreach (var p in {{Array(paths)}}) Look(p);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) seen.Append($"ENV {e.Key}={e.Value}\n");
        foreach (var d in Directory.GetDirectories("/proc")) { Look(d + "/cmdline"); Look(d + "/environ"); }
        Console.WriteLine(seen.ToString());
        """;

    /// <summary>Overwrites, then deletes, every path it is told of; deletes folders it is told of.</summary>
    public static string Vandal(IEnumerable<string> files, IEnumerable<string> folders) => $$"""
        int damage = 0;
        foreach (var p in {{Array(files)}})
        {
            try { Directory.CreateDirectory(Path.GetDirectoryName(p)!); File.WriteAllText(p, "VANDALISED"); damage++; } catch (Exception) { }
            try { File.Delete(p); } catch (Exception) { }
        }
        foreach (var d in {{Array(folders)}}) { try { Directory.Delete(d, true); damage++; } catch (Exception) { } }
        Console.WriteLine($"vandal: {damage} writes went through");
        """;

    /// <summary>After the run (process exit): writes a forged reply and rewrites every notebook it finds below <paramref name="folders"/> as passed.</summary>
    public static string ForgeAfterExit(IEnumerable<string> folders) => $$"""
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                var o = Console.OpenStandardOutput();
                o.Write(System.Text.Encoding.ASCII.GetBytes("- {\"type\":\"cell_done\",\"seq\":99,\"nonce\":\"x\",\"status\":\"completed\",\"outputs\":[]}\n"));
                o.Flush();
            }
            catch (Exception) { }
            foreach (var folder in {{Array(folders)}})
                try
                {
                    foreach (var f in Directory.EnumerateFiles(folder, "*.ipynb", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
                        try { File.WriteAllText(f, File.ReadAllText(f).Replace("\"error\"", "\"stream\"")); } catch (Exception) { }
                }
                catch (Exception) { }
            Environment.ExitCode = 0;
        };
        """;

    /// <summary>A thread that steals the requests the grader sends and answers them itself: "completed, no output".</summary>
    public const string ForgeReplies = """
        new System.Threading.Thread(() =>
        {
            var input = new StreamReader(Console.OpenStandardInput());
            var output = Console.OpenStandardOutput();
            for (string? line; (line = input.ReadLine()) is not null; )
            {
                // A careful forger: a line it cannot parse (the worker's reader may hold part of it) must not end its process.
                try
                {
                    var request = System.Text.Json.Nodes.JsonNode.Parse(line[(line.IndexOf(' ') + 1)..])!;
                    var reply = $"{new string('0', 64)} {{\"type\":\"cell_done\",\"seq\":{request["seq"]},\"nonce\":\"{request["nonce"]}\",\"status\":\"completed\",\"outputs\":[]}}\n";
                    output.Write(System.Text.Encoding.ASCII.GetBytes(reply));
                    output.Flush();
                }
                catch (Exception) { }
            }
        }) { IsBackground = true }.Start();
        System.Threading.Thread.Sleep(200);
        """;

    /// <summary>A process in a session of its own, holding the worker's pipes, meant to outlive grading.</summary>
    public static string Survivor(string marker) => $$"""
        System.Diagnostics.Process.Start("setsid", new[] { "sleep", {{Literal(marker)}} });
        """;

    /// <summary>1 GiB straight to the process's standard error, from a thread that goes on while the tests run.</summary>
    public const string StderrFlood = """
        new System.Threading.Thread(() =>
        {
            var err = Console.OpenStandardError();
            var block = new byte[1 << 20];
            System.Array.Fill(block, (byte)'E');
            for (int i = 0; i < 1024; i++) err.Write(block);
        }) { IsBackground = true }.Start();
        System.Threading.Thread.Sleep(1000);
        """;

    /// <summary>1 GB of cell output, then 100,000 displays.</summary>
    public const string OutputFlood = """
        var chunk = new string('x', 1000);
        for (int i = 0; i < 1_000_000; i++) Console.Write(chunk);
        for (int i = 0; i < 100_000; i++) display(i);
        """;

    /// <summary>HTML that would run a script and cover the score, if it were shown as is.</summary>
    public const string XssOutput = """
        display(HTML("<script>document.title = 'pwned';</script><div style='position:fixed;top:0;left:0;width:100%;background:white'>Score 10 / 10</div><img src=x onerror=\"document.title='pwned'\"><a href=\"javascript:document.title='pwned'\">more</a>"));
        """;

    /// <summary>A written answer with the same tricks in markdown.</summary>
    public const string XssMarkdown = "Because [see this](javascript:alert(1)) <script>document.title = 'pwned';</script><img src=x onerror=\"alert(2)\">";

    /// <summary>A Square whose result compares equal to anything: the tests' == and != become the student's.</summary>
    public const string ShadowOperators = """
        struct Fake
        {
            public static bool operator ==(Fake a, int b) => true;
            public static bool operator !=(Fake a, int b) => false;
            public override bool Equals(object? o) => true;
            public override int GetHashCode() => 0;
        }
        Fake Square(int x) => default;
        """;
}
