using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Course.Labs.Tests.Support;

/// <summary>
/// Runs a Python snippet with Debian's /usr/bin/python3 (numpy, torch, sklearn from apt: see
/// environment/test-packages.txt) on arrays exchanged as .npy files in a temporary folder.
/// </summary>
internal sealed class PythonOracle : IDisposable
{
    public const string Python = "/usr/bin/python3";

    /// <summary>tests/Course.Labs.Tests/Support/Python in the source tree.</summary>
    public static string ScriptFolder { get; } = System.IO.Path.Combine(RepoPaths.Root, "tests", "Course.Labs.Tests", "Support", "Python");

    private readonly string folder = Directory.CreateTempSubdirectory("metrics-oracle-").FullName;

    /// <summary>Path of a file in this oracle's folder.</summary>
    public string PathOf(string name) => System.IO.Path.Combine(folder, name);

    public void Write(string name, float[] data, params int[] shape) => Npy.Write(PathOf(name), data, shape);
    public void Write(string name, double[] data, params int[] shape) => Npy.Write(PathOf(name), data, shape);
    public void Write(string name, long[] data, params int[] shape) => Npy.Write(PathOf(name), data, shape);
    public double[] ReadDoubles(string name) => Npy.ReadDoubles(PathOf(name));

    /// <summary>Runs <paramref name="script"/> with the working folder set to this oracle's folder; returns stdout.</summary>
    public string Run(string script, int timeoutSeconds = 120)
    {
        File.WriteAllText(PathOf("oracle.py"), script);
        var info = new ProcessStartInfo(Python, "oracle.py")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Python}.");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"Python oracle ran past {timeoutSeconds} s.");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"Python oracle failed (exit {p.ExitCode}); install the packages in environment/test-packages.txt.\n{stderr.Result}");
        return stdout;
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Minimal NumPy .npy (format 1.0, little-endian, C order) reader and writer for the oracle tests.</summary>
internal static class Npy
{
    public static void Write(string path, float[] data, int[] shape) => Write(path, "<f4", shape, data.Length, w => { foreach (var v in data) w.Write(v); });
    public static void Write(string path, double[] data, int[] shape) => Write(path, "<f8", shape, data.Length, w => { foreach (var v in data) w.Write(v); });
    public static void Write(string path, long[] data, int[] shape) => Write(path, "<i8", shape, data.Length, w => { foreach (var v in data) w.Write(v); });

    private static void Write(string path, string descr, int[] shape, int count, Action<BinaryWriter> body)
    {
        if (shape.Length == 0) shape = [count];
        if (shape.Aggregate(1L, (a, b) => a * b) != count)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] does not hold {count} values.", nameof(shape));
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var w = new BinaryWriter(File.Create(path));
        w.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
        w.Write((ushort)header.Length);
        w.Write(Encoding.ASCII.GetBytes(header));
        body(w);
    }

    /// <summary>Reads a float32/float64/int64 .npy as doubles (any shape, flattened in C order).</summary>
    public static double[] ReadDoubles(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        r.ReadBytes(6);
        byte major = r.ReadByte();
        r.ReadByte();
        int headerLength = major == 1 ? r.ReadUInt16() : (int)r.ReadUInt32();
        string header = Encoding.ASCII.GetString(r.ReadBytes(headerLength));
        if (header.Contains("'fortran_order': True")) throw new NotSupportedException("Fortran-ordered .npy");
        string descr = header.Split("'descr': '")[1].Split('\'')[0];
        var values = new List<double>();
        long remaining = r.BaseStream.Length - r.BaseStream.Position;
        switch (descr)
        {
            case "<f4": for (long i = 0; i < remaining / 4; i++) values.Add(r.ReadSingle()); break;
            case "<f8": for (long i = 0; i < remaining / 8; i++) values.Add(r.ReadDouble()); break;
            case "<i8": for (long i = 0; i < remaining / 8; i++) values.Add(r.ReadInt64()); break;
            default: throw new NotSupportedException($"dtype {descr} in {path}");
        }
        return [.. values];
    }

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
