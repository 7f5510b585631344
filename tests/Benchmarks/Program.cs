using System.Reflection;
using Course.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- NAME [args]
// Every class implementing IBenchmark is a benchmark; its Name is what the command line selects.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help" || benchmarks.All(b => b.Name != args[0]))
{
    if (args.Length > 0 && args[0] is not ("-h" or "--help"))
        Console.Error.WriteLine($"Unknown benchmark '{args[0]}'.");
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/Benchmarks -- NAME [args]\nbenchmarks:");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-10} {b.Description}");
    return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
}

var chosen = benchmarks.Single(b => b.Name == args[0]);
var summary = new BenchmarkSummary();
chosen.Run(args[1..], summary);
Console.WriteLine(summary.ToLine());
return 0;
