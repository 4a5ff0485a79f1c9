using System.Runtime.CompilerServices;
using Ddim.Teaching.Native;

namespace Ddim.Teaching.Tests;

internal static class TestSetup
{
    // Tests may call torch before touching the library: make the native libraries loadable first. One intra-op thread:
    // the test assemblies run beside each other (and notebook processes) on two cores, where two threads each thrash.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        TorchNative.Ensure();
        TorchSharp.torch.set_num_threads(1);
    }
#pragma warning restore CA2255
}
