"""Debian's jupyter_kernel_test suite against the installed C# kernel (run by JupyterSuiteTests.cs).

Every test of KernelTests that applies to C# is configured; the kernel is found through JUPYTER_PATH.
"""
import unittest

import jupyter_kernel_test


class CSharpKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "labs-csharp-test"
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("something went wrong");'

    # Roslyn's CompletionService: members after a dot, keywords and snippets, names of the globals (display, HTML...).
    completion_samples = [
        {"text": "Math.Sq", "matches": {"Sqrt"}},
        {"text": "var numbers = new List<int>(); numbers.Ad", "matches": {"Add", "AddRange"}},
        {"text": "var flag = tru", "matches": {"true"}},
        {"text": "glu", "matches": {"glue"}},
    ]

    complete_code_samples = ["1", 'Console.WriteLine("x");', "var x = 3;", '#r "nuget: Plotly.NET, 6.0.0"', "#!time\nvar y = 1;",
                             "#!html\n<b>unclosed", "class P\n{\n    public int X;\n}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "var s = new[] {", "if (true)\n{\n    Console.WriteLine(1);",
                               "var q = Enumerable.Range(1, 3)\n    .Select(i => i *", "Console.WriteLine(1,"]
    invalid_code_samples = ["var x = ;", "int 3x = 1;"]

    code_generate_error = 'throw new InvalidOperationException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"a" + "b"', "result": "ab"},
    ]

    code_display_data = [
        {"code": 'display(HTML("<b>bold</b>"));', "mime": "text/html"},
        {"code": 'display("plain");', "mime": "text/plain"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Console.WriteLine"

    code_clear_output = 'Console.WriteLine("before"); ClearOutput();'


if __name__ == "__main__":
    unittest.main()
