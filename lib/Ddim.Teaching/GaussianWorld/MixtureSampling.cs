using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>Draws data from the mixture that a <see cref="GaussianMixtureNoisePredictor"/> is exact for.</summary>
public static class MixtureSampling
{
    /// <summary>
    /// <paramref name="count"/> draws x_0 ~ sum_k w_k N(m_k, s_k^2 I), shaped [count, D]: pick a component by its weight,
    /// then add its Gaussian noise.
    /// </summary>
    public static Tensor SampleData(this GaussianMixtureNoisePredictor mixture, int count, Generator? generator = null, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        if (count < 1)
            throw new ArgumentException($"count is {count}; draw at least one sample.", nameof(count));
        using var scope = NewDisposeScope();
        var component = Seeded.Categorical(tensor(mixture.Weights, dtype: float64), count, generator);
        var means = tensor(mixture.Means.SelectMany(m => m).ToArray(), dtype: float64).reshape(mixture.Weights.Length, mixture.Dimension);
        var stds = tensor(mixture.Stds, dtype: float64);
        var x = means.index_select(0, component) + stds.index_select(0, component).unsqueeze(1) * Seeded.Randn([count, mixture.Dimension], generator, dtype: float64);
        return x.to_type(dtype).MoveToOuterDisposeScope();
    }
}
