using System.Runtime.CompilerServices;
using Ddim.Teaching.Setup;

namespace Ddim.Teaching.Tests;

internal static class TestSetup
{
    // Tests may call torch before touching the library: make the native libraries loadable first.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init() => TorchNative.Ensure();
#pragma warning restore CA2255
}
