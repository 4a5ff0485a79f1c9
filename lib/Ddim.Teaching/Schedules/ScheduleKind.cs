namespace Ddim.Teaching.Schedules;

/// <summary>The beta schedules of the authors' code (<c>get_beta_schedule</c>) plus the cosine schedule of Nichol and Dhariwal.</summary>
public enum ScheduleKind
{
    /// <summary>beta evenly spaced from beta_start to beta_end (DDPM default: 1e-4 .. 0.02).</summary>
    Linear,
    /// <summary>sqrt(beta) evenly spaced from sqrt(beta_start) to sqrt(beta_end).</summary>
    Quadratic,
    /// <summary>alpha-bar(t) = cos^2(((t/T + s)/(1 + s)) pi/2), s = 0.008, betas capped at 0.999 (Nichol and Dhariwal 2021).</summary>
    Cosine,
    /// <summary>beta = sigmoid(u) (beta_end - beta_start) + beta_start with u evenly spaced on [-6, 6].</summary>
    Sigmoid,
    /// <summary>every beta equal to beta_end.</summary>
    Constant,
    /// <summary>beta = 1/T, 1/(T-1), ..., 1 (Sohl-Dickstein et al.); alpha-bar reaches exactly 0 at the last step.</summary>
    Jsd,
}
