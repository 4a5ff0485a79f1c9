using Ddim.Teaching.Metrics;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// The comparison a table without per-sample features still allows: the KID difference of two cells in units of their
/// combined standard error, z = (KID_b - KID_a) / sqrt(se_a^2 + se_b^2), treating the two cells as independent. Cells
/// that share x_T are positively correlated, so this z understates the evidence; the paired bootstrap
/// (<see cref="PairedBootstrap"/>) is the sharper test where features were kept.
/// </summary>
public static class UnpairedKid
{
    /// <summary>z &gt; 0: <paramref name="a"/> has the lower KID. Throws if a row has no KID.</summary>
    public static double Z(SweepRow a, SweepRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Kid is not { } ka || a.KidSe is not { } sa || b.Kid is not { } kb || b.KidSe is not { } sb)
            throw new ArgumentException($"Both rows need KID and its standard error (S = {a.Steps}, eta = {a.Eta}; S = {b.Steps}, eta = {b.Eta}).");
        return (kb - ka) / Math.Sqrt(sa * sa + sb * sb);
    }
}
