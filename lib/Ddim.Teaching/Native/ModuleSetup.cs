using System.Runtime.CompilerServices;

namespace Ddim.Teaching.Native;

internal static class ModuleSetup
{
    // Runs when the library is first touched, before any of its code can reach TorchSharp: every host that
    // uses the library (console, test host, notebook kernel) gets loadable native libraries without a call.
#pragma warning disable CA2255
    [ModuleInitializer]
    internal static void Init()
    {
        TorchNative.Ensure();
        SkiaNative.Ensure();
    }
#pragma warning restore CA2255
}
