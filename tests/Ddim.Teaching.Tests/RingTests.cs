using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Data;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class RingTests
{
    [Fact]
    public void The_exact_ring_is_the_mixture_the_MLP_trains_on()
    {
        // One ring in the course: the exact eps* (notebooks 01-03, 05-07) and the training data (notebook 04, the shipped
        // MLP) must be the same 8 components, or comparing a trained model with "its" exact eps* compares two problems.
        var exact = GaussianMixtureNoisePredictor.Ring(NoiseSchedule.Linear());
        var trained = Toy2d.Ring();
        Assert.Equal(trained.Means.Count, exact.Means.Length);
        for (int k = 0; k < exact.Means.Length; k++)
        {
            Assert.Equal(trained.Means[k].X, exact.Means[k][0], 12);
            Assert.Equal(trained.Means[k].Y, exact.Means[k][1], 12);
            Assert.Equal(trained.Std, exact.Stds[k]);
            Assert.Equal(trained.Weights[k] / trained.Weights.Sum(), exact.Weights[k] / exact.Weights.Sum(), 12);
        }
        Assert.Equal(0.1, trained.Std);
    }
}
