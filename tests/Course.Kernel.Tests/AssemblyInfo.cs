// The kernel tests bind TCP ports (this kernel's, and the ports jupyter_client picks for the kernels it starts by
// binding and releasing them): run them one at a time so two tests never race for the same free port.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
