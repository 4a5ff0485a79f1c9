using System.Runtime.CompilerServices;
using Ddim.Teaching.Native;

namespace Ddim.Cli.Tests;

internal static class TestSetup
{
    // Commands run in-process and may call torch before the library does: make the native libraries loadable first.
    // One intra-op thread: the test assemblies run beside each other on two cores.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        TorchNative.Ensure();
        TorchSharp.torch.set_num_threads(1);
    }
#pragma warning restore CA2255
}
