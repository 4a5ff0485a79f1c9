namespace Ddim.Teaching.Ode;

/// <summary>Which variable the Euler method steps in when it integrates the DDIM ODE.</summary>
public enum OdeDiscretisation
{
    /// <summary>Euler in sigma = sqrt((1 - a)/a), DDIM Eq. (14): coincides with DDIM eta = 0.</summary>
    Sigma,
    /// <summary>Euler in t of the VE probability-flow ODE, DDIM Eq. (15): steps in sigma^2 with the slope taken at the start.</summary>
    Time,
}
