using Course.Grading.Analysis;
using Course.Grading.Assign;
using Course.Grading.Grade;
using Course.Notebooks.Model;

namespace Course.Grading.Tests.Sandbox;

/// <summary>Names in tests bind as in the key (Roslyn's semantic model, nothing run).</summary>
public sealed class ShadowCheckTests
{
    private const string AbsTest = "if (Math.Abs(Square(-3)) != 9) throw new Exception(\"|Square(-3)| should be 9\");";

    private static Notebook KeyWithAbsTest()
    {
        var key = Lab.Key();
        key.Cells.Add(Lab.Graded(Cell.Code(AbsTest), "abs_test", grade: true, solution: false, points: 1));
        key.NormalizeIds();
        return key;
    }

    private static readonly Lazy<ShadowCheck> Check = new(() => new ShadowCheck(KeyWithAbsTest(), ScriptChain.References([])));

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Shadows(Action<Notebook> edit)
    {
        var key = KeyWithAbsTest();
        var student = Assigner.StudentVersion(key, "key.ipynb");
        edit(student);
        return Check.Value.Find(SubmissionPreparer.Prepare(key, student).Notebook);
    }

    [Fact]
    public void A_correct_answer_with_helpers_of_its_own_shadows_nothing()
    {
        Assert.Empty(Shadows(nb => Lab.ById(nb, "square").Source = "int Times(int a, int b) => a * b;\nint Square(int x) => Times(x, x);"));
        Assert.Empty(Shadows(nb => { Lab.ById(nb, "square").Source = "// moved below"; nb.Cells.Insert(3, Cell.Code("int Square(int x) => x * x;")); }));
    }

    [Fact]
    public void A_class_named_Math_shadows_Math_in_the_test_that_uses_it()
    {
        var found = Shadows(nb => Lab.ById(nb, "square").Source =
            "int Square(int x) => x * x;\nstatic class Math { public static int Abs(int x) => 9; }");
        Assert.Equal(["abs_test"], found.Keys);
        Assert.Equal(["Abs", "Math"], found["abs_test"]);
    }

    [Fact]
    public void Redeclaring_the_setups_variable_shadows_it()
    {
        var key = Lab.Key();
        Lab.ById(key, "square_test").Source = "if (Square(3) + offset != 10) throw new Exception(\"no\");";
        var check = new ShadowCheck(key, ScriptChain.References([]));
        var student = Assigner.StudentVersion(key, "key.ipynb");
        Lab.ById(student, "square").Source = "int Square(int x) => 0;\nvar offset = 10;";
        var found = check.Find(SubmissionPreparer.Prepare(key, student).Notebook);
        Assert.Equal(["offset"], found["square_test"]);
    }

    [Fact]
    public void An_alias_or_an_operator_of_the_students_own_is_caught()
    {
        Assert.Equal(["Math"], Shadows(nb => { nb.Cells.Insert(1, Cell.Code("using Math = System.MathF;")); Lab.ById(nb, "square").Source = "int Square(int x) => x * x;"; })["abs_test"]);
        var found = Shadows(nb => Lab.ById(nb, "square").Source = Hostile.Attacks.ShadowOperators);
        Assert.Equal(["operator !="], found["square_test"]);
        Assert.Contains("operator ==", found["square_partial"]);
    }

    [Fact]
    public void Code_that_can_reach_into_the_worker_is_listed_for_review_and_the_keys_own_code_is_not()
    {
        var key = KeyWithAbsTest();
        key.Cells.Insert(1, Cell.Code("var keyType = typeof(string).GetMethod(\"Trim\", System.Type.EmptyTypes);"));   // the key's own: never listed
        var student = Assigner.StudentVersion(key, "key.ipynb");
        Lab.ById(student, "square").Source = "int Square(int x) => x * x;\nvar f = typeof(List<int>).GetField(\"_items\", System.Reflection.BindingFlags.NonPublic);";
        student.Cells.Add(Cell.Code("unsafe { int* p = null; }\nvar o = Console.OpenStandardOutput();"));
        var check = new ShadowCheck(key, ScriptChain.References([]));
        var found = CapabilityScan.Find(check.Compile(SubmissionPreparer.Prepare(key, student).Notebook), key);
        Assert.Equal(2, found.Count);
        Assert.Contains("'square'", found[0]);
        Assert.Contains("System.Type.GetField (System.Reflection)", found[0]);
        Assert.Contains("unsafe code", found[1]);
        Assert.Contains("System.Console.OpenStandardOutput", found[1]);
        Assert.Empty(CapabilityScan.Find(check.Compile(SubmissionPreparer.Prepare(key, Assigner.StudentVersion(key, "key.ipynb")).Notebook), key));
    }

    [Fact]
    public void A_cell_that_does_not_compile_does_not_count_as_a_declaration()
    {
        Assert.Empty(Shadows(nb => Lab.ById(nb, "square").Source = "int Square(int x) => x * x;\nstatic class Math { public static int Abs(int x) => y; }"));
    }
}
