using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Course.Labs.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>
/// Process-level set-up every lab gets by loading the library: glibc malloc tuning (keeps TorchSharp's big
/// tensor buffers instead of returning them to the OS and faulting them back each step, which halves training
/// speed), notebook formatters, torch threads and the device (CUDA when present, else CPU).
/// </summary>
public static class LabsRuntime
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>Allocations at least this big are mmap-ed (and returned to the OS at free); glibc's default is 128 KiB.</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>Free memory kept at the top of the heap before glibc trims it; glibc's default is 128 KiB.</summary>
    public const int TrimThresholdBytes = 256 << 20;

    private static readonly object Gate = new();
    private static bool processInitialized;
    private static Device? device;

    /// <summary>True once <c>mallopt</c> accepted both settings (Linux with glibc only).</summary>
    public static bool MallocTuned { get; private set; }

    /// <summary>Runs automatically when the library loads; safe to call again.</summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Deliberate: a notebook's #r of the library must tune malloc and register the formatters before any cell uses them, with no call to remember.")]
    internal static void OnLoad() => Initialize();

    /// <summary>
    /// Tunes malloc and registers the notebook formatters, once per process. Does not load libtorch, so it is cheap
    /// and cannot fail on a machine without it.
    /// </summary>
    public static void Initialize()
    {
        lock (Gate)
        {
            if (processInitialized) return;
            processInitialized = true;
            MallocTuned = TuneMalloc();
            try
            {
                LabsFormatters.Register();
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
            {
                // Without Microsoft.DotNet.Interactive.Formatting (e.g. a console app) values keep their ToString().
            }
        }
    }

    /// <summary>
    /// The device models and batches should live on: <c>cuda</c> when libtorch sees a GPU, else <c>cpu</c>.
    /// The first call also sets torch's intra-op threads (see <see cref="ConfigureThreads"/>) and switches NNPACK
    /// off (see <see cref="Nnpack"/>).
    /// </summary>
    public static Device Device
    {
        get
        {
            lock (Gate)
            {
                if (device is not null) return device;
                Initialize();
                ConfigureThreads();
                Nnpack.TrySetEnabled(false);   // no "Could not initialize NNPACK!" on stderr at every evaluation
                device = cuda.is_available() ? CUDA : CPU;
                return device;
            }
        }
    }

    /// <summary>
    /// Sets torch's intra-op threads to <c>LABS_THREADS</c> when set, else to the processors this process may use
    /// (libtorch's own default counts physical cores of the whole machine, which oversubscribes containers).
    /// </summary>
    public static int ConfigureThreads()
    {
        int threads = int.TryParse(Environment.GetEnvironmentVariable("LABS_THREADS"), out var t) && t > 0
            ? t
            : Environment.ProcessorCount;
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
        return threads;
    }

    private static bool TuneMalloc()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // The environment (MALLOC_MMAP_THRESHOLD_ ...) wins: a user who set it knows better.
            bool mmap = Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null || mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes) == 1;
            bool trim = Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null || mallopt(M_TRIM_THRESHOLD, TrimThresholdBytes) == 1;
            return mmap && trim;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // not glibc (e.g. musl): nothing to tune
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
