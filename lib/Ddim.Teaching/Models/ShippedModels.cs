using Ddim.Teaching.Data;

namespace Ddim.Teaching.Models;

/// <summary>The trained networks that ship in data/checkpoints, each file name spelled once.</summary>
public static class ShippedModels
{
    /// <summary>File name of the Fashion-MNIST UNet (exported EMA weights).</summary>
    public const string UNetFashionFile = "unet-fashion.ckpt";

    /// <summary>File name of the 2-D ring MLP.</summary>
    public const string MlpRingFile = "mlp-ring.ckpt";

    /// <summary>data/checkpoints/unet-fashion.ckpt.</summary>
    public static string UNetFashion => System.IO.Path.Combine(DataPaths.Checkpoints, UNetFashionFile);

    /// <summary>data/checkpoints/mlp-ring.ckpt.</summary>
    public static string MlpRing => System.IO.Path.Combine(DataPaths.Checkpoints, MlpRingFile);
}
