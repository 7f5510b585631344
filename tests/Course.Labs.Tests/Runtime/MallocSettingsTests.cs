using System.Globalization;
using Course.Labs.Runtime;
using Course.Notebooks.Execution;

namespace Course.Labs.Tests.Runtime;

public class MallocSettingsTests
{
    [Fact]
    public void Notebook_processes_get_the_same_malloc_thresholds_the_library_sets_itself()
    {
        // The library calls mallopt when the variables are absent; a process the project starts gets them as variables.
        // They must agree, or a lab run and an in-process run train with different heaps (a 128 MiB trim threshold
        // cost ResNet-18 training twice the page faults of 256 MiB).
        var variables = NotebookProcessEnvironment.Variables.ToDictionary(v => v.Name, v => v.Value);
        Assert.Equal(LabsRuntime.MmapThresholdBytes.ToString(CultureInfo.InvariantCulture), variables["MALLOC_MMAP_THRESHOLD_"]);
        Assert.Equal(LabsRuntime.TrimThresholdBytes.ToString(CultureInfo.InvariantCulture), variables["MALLOC_TRIM_THRESHOLD_"]);
    }
}
