using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Architecture.Tests;

/// <summary>The checker finds each way C# code can make one namespace use another, and the cycles they form.</summary>
public sealed class NamespaceDependenciesTests
{
    private const string Target = """
        namespace B
        {
            public class Y { public static int Value; public static void Go() { } public int Count; }
            public interface IMarked { }
            public sealed class MarkerAttribute : System.Attribute { }
            public static class Extensions { public static int Twice(this int x) => 2 * x; }
            public enum Colour { Red }
        }
        """;

    private static NamespaceDependencies Compile(params string[] sources)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0 && Path.GetFileName(a.Location) is "System.Private.CoreLib.dll" or "System.Runtime.dll" or "System.Linq.dll" or "System.Collections.dll")
            .Select(a => MetadataReference.CreateFromFile(a.Location));
        var compilation = CSharpCompilation.Create("Fixture", sources.Select(s => CSharpSyntaxTree.ParseText(s)), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return NamespaceDependencies.Read(image);
    }

    [Theory]
    [InlineData("class X { B.Y? field; }")]                                                  // field type
    [InlineData("class X { void M() => B.Y.Go(); }")]                                        // fully qualified call, no using
    [InlineData("class X { int M() => B.Y.Value; }")]                                        // static field
    [InlineData("class X { int M(object o) => ((B.Y)o).Count; }")]                           // cast and instance field
    [InlineData("class X { System.Func<int> M() => () => B.Y.Value; }")]                     // inside a lambda (closure class)
    [InlineData("class X { System.Collections.Generic.IEnumerable<int> M() { yield return B.Y.Value; } }")]   // iterator
    [InlineData("class X { async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Yield(); B.Y.Go(); } }")]   // async
    [InlineData("class X { object M() => new System.Collections.Generic.List<B.Y>(); }")]  // generic argument only
    [InlineData("class X { int M() { B.Y[] a = []; return a.Length; } }")]                  // local array type
    [InlineData("[B.Marker] class X { }")]                                                   // attribute
    [InlineData("class X : B.IMarked { }")]                                                  // interface
    [InlineData("class X : B.Y { }")]                                                        // base class
    [InlineData("class X { int M(int x) => B.Extensions.Twice(x); }")]                       // extension method
    [InlineData("class X { void M<T>() where T : B.IMarked { } }")]                          // constraint
    [InlineData("class X { System.Type M() => typeof(B.Colour); }")]                         // typeof
    [InlineData("class X { class Inner { B.Y? y; } }")]                                      // nested type counts for its namespace
    public void Finds_the_use(string code)
    {
        var dependencies = Compile(Target, $"namespace A {{ {code} }}");
        Assert.Contains(dependencies.Uses, u => u is { From: "A", To: "B" });
        Assert.DoesNotContain(dependencies.Uses, u => u.From == "B");
    }

    [Fact]
    public void Ignores_uses_inside_a_namespace_and_of_other_assemblies()
    {
        var dependencies = Compile("namespace A { class X { Y? y; System.Collections.Generic.List<string>? s; object o = new { Z = 1 }; } class Y { } }");
        Assert.Empty(dependencies.Uses);
        Assert.Contains("A", dependencies.Namespaces);
    }

    [Fact]
    public void Finds_a_cycle_through_three_namespaces_and_names_the_types()
    {
        var dependencies = Compile(
            "namespace A { public class X { public static void Go() => B.Y.Go(); } }",
            "namespace B { public class Y { public static void Go() => C.Z.Go(); } }",
            "namespace C { public class Z { public static void Go() { var x = typeof(A.X); } } }",
            "namespace D { public class W { A.X? x; } }");
        var cycles = NamespaceCycles.Find(dependencies.Uses);
        var cycle = Assert.Single(cycles);
        Assert.Equal(["A", "B", "C"], cycle);
        var text = NamespaceCycles.Describe(cycle, dependencies.Uses);
        Assert.Contains("C -> A: C.Z uses A.X", text);
        Assert.DoesNotContain("D", text);
    }

    [Fact]
    public void A_layered_graph_has_no_cycle()
    {
        var dependencies = Compile(Target,
            "namespace A { public class X { B.Y? y; C.Z? z; } }",
            "namespace C { public class Z { B.Y? y; } }");
        Assert.Empty(NamespaceCycles.Find(dependencies.Uses));
        Assert.Equal(3, dependencies.Uses.Select(u => (u.From, u.To)).Distinct().Count());
    }
}
