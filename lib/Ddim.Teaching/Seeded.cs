using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching;

/// <summary>
/// The course's one source of seeded randomness. Every draw is made on the CPU (with a CPU generator, or torch's global
/// CPU generator when none is given) and then moved to the target device, so the same seed gives the same numbers on the
/// CPU and on a GPU. Moving a batch of noise to the GPU costs far less than the network it is fed to.
/// (TorchSharp 0.107's <c>new Generator(seed, cuda)</c> is a CPU generator anyway, and drawing with it on a CUDA device
/// throws "Expected a 'cuda' device type for generator".)
/// </summary>
public static class Seeded
{
    /// <summary>A CPU generator seeded with <paramref name="seed"/>: the generator every seeded draw here takes.</summary>
    public static Generator Generator(long seed) => new(unchecked((ulong)seed), CPU);

    /// <summary>
    /// Seeds torch's global generators, the CPU one and, when CUDA is usable, every GPU's (dropout and weight
    /// initialisation draw from these, on the device the tensors live on).
    /// </summary>
    public static void Global(long seed)
    {
        torch.random.manual_seed(seed);
        if (torch.cuda.is_available())
            torch.cuda.manual_seed_all(seed);
    }

    /// <summary>eps ~ N(0, I) of <paramref name="shape"/>, drawn on the CPU and moved to <paramref name="device"/>.</summary>
    public static Tensor Randn(long[] shape, Generator? generator, Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        Moved(torch.randn(shape, dtype: dtype, device: CPU, generator: generator), device);

    /// <summary>U[0, 1) of <paramref name="shape"/>, drawn on the CPU and moved to <paramref name="device"/>.</summary>
    public static Tensor Rand(long[] shape, Generator? generator, Device? device = null, ScalarType dtype = ScalarType.Float32) =>
        Moved(torch.rand(shape, dtype: dtype, device: CPU, generator: generator), device);

    /// <summary>int64 integers uniform in 0..<paramref name="high"/>-1 (timesteps, batch indices), drawn on the CPU and moved.</summary>
    public static Tensor Randint(long high, long[] shape, Generator? generator, Device? device = null) =>
        Moved(torch.randint(high, shape, dtype: ScalarType.Int64, device: CPU, generator: generator), device);

    /// <summary>A random permutation of 0..<paramref name="n"/>-1 (subsets, epoch orders), drawn on the CPU and moved.</summary>
    public static Tensor Randperm(long n, Generator? generator, Device? device = null) =>
        Moved(torch.randperm(n, dtype: ScalarType.Int64, device: CPU, generator: generator), device);

    /// <summary>
    /// <paramref name="count"/> category indices drawn with replacement from the probabilities <paramref name="weights"/>
    /// (mixture components), drawn on the CPU and moved.
    /// </summary>
    public static Tensor Categorical(Tensor weights, long count, Generator? generator, Device? device = null)
    {
        using var cpuWeights = weights.to(CPU);
        return Moved(torch.multinomial(cpuWeights, count, replacement: true, generator: generator), device);
    }

    // To a GPU through pinned memory without blocking, so a training step's draws do not make the host wait for the
    // kernels already queued (a copy from ordinary pageable memory synchronises the stream).
    private static Tensor Moved(Tensor cpu, Device? device)
    {
        if (device is null || device.type == DeviceType.CPU)
            return cpu;
        using (cpu)
        {
            if (device.type != DeviceType.CUDA)
                return cpu.to(device);
            using var pinned = cpu.pin_memory();
            return pinned.to(device, non_blocking: true);
        }
    }
}
