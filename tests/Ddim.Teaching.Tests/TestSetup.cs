using System.Runtime.CompilerServices;
using Ddim.Teaching.Setup;

namespace Ddim.Teaching.Tests;

internal static class TestSetup
{
    // Tests may call torch before touching the library: make the native libraries loadable first.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        TorchNative.Ensure();
        // The suite's tensors are small: on a shared 2-core machine a second intra-op thread mostly spins waiting for
        // a core (measured: a tiny UNet step several times slower with 2 threads under load).
        TorchSharp.torch.set_num_threads(1);
    }
#pragma warning restore CA2255
}
