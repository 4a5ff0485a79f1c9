using System.Runtime.InteropServices;
using System.Text;

namespace Ddim.Teaching.Native;

/// <summary>
/// Name and memory of a CUDA GPU, asked of the CUDA driver (<c>libcuda.so.1</c>, installed with every NVIDIA driver)
/// because TorchSharp 0.107 exposes neither. Null where there is no driver or no such device.
/// </summary>
public static class CudaDriver
{
    private delegate int Init(uint flags);
    private delegate int DeviceGet(out int device, int ordinal);
    private delegate int DeviceGetName(byte[] name, int length, int device);
    private delegate int DeviceTotalMem(out nuint bytes, int device);

    /// <summary>The GPU's name and total memory in bytes, or null.</summary>
    public static (string Name, long TotalBytes)? Describe(int ordinal = 0)
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var driver))
            return null;
        var init = Get<Init>(driver, "cuInit");
        var get = Get<DeviceGet>(driver, "cuDeviceGet");
        var getName = Get<DeviceGetName>(driver, "cuDeviceGetName");
        var totalMem = Get<DeviceTotalMem>(driver, "cuDeviceTotalMem_v2");
        if (init is null || get is null || getName is null || totalMem is null || init(0) != 0 || get(out int device, ordinal) != 0)
            return null;
        var name = new byte[256];
        if (getName(name, name.Length, device) != 0 || totalMem(out nuint bytes, device) != 0)
            return null;
        return (Encoding.ASCII.GetString(name).TrimEnd('\0'), (long)bytes);
    }

    private static T? Get<T>(IntPtr library, string name) where T : Delegate =>
        NativeLibrary.TryGetExport(library, name, out var address) ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;
}
