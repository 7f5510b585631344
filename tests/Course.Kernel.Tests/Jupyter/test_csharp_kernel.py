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

    completion_samples = [
        {"text": "Math.Sq", "matches": {"Sqrt"}},
        {"text": "var numbers = new List<int>(); numbers.Ad", "matches": {"Add", "AddRange"}},
    ]

    complete_code_samples = ["1", 'Console.WriteLine("x");', "var x = 3;"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "var s = new[] {"]
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
