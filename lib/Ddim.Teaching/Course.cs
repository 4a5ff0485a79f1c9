using TorchSharp;

namespace Ddim.Teaching;

/// <summary>Course profiles: <c>quick</c> is sized for a 2-core CPU (CI, first contact); <c>full</c> for a GPU.</summary>
public enum CourseProfile
{
    /// <summary>Small sample counts and short live runs: minutes per notebook on a 2-core CPU.</summary>
    Quick,

    /// <summary>Large sample counts and long runs, for a GPU.</summary>
    Full,
}

/// <summary>The one place notebooks and tools read the course profile and the compute device from.</summary>
public static class Course
{
    /// <summary>Environment variable that selects the profile: <c>quick</c> (default) or <c>full</c>.</summary>
    public const string ProfileVariable = "DDIM_PROFILE";

    /// <summary>The active profile, from <see cref="ProfileVariable"/>; an unknown name is an error that says the fix.</summary>
    public static CourseProfile Profile => ParseProfile(Environment.GetEnvironmentVariable(ProfileVariable));

    /// <summary>The profile named by <paramref name="name"/> (quick when null or empty); an unknown name is an error that lists the valid ones.</summary>
    public static CourseProfile ParseProfile(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "quick" => CourseProfile.Quick,
        "full" => CourseProfile.Full,
        _ => throw new ArgumentException(
            $"Unknown course profile '{name}' in {ProfileVariable}. Use {ProfileVariable}=quick (CPU-sized, default) or {ProfileVariable}=full (GPU-sized).",
            nameof(name)),
    };

    /// <summary>Picks <paramref name="quick"/> or <paramref name="full"/> by the active profile.</summary>
    public static T ByProfile<T>(T quick, T full) => Profile == CourseProfile.Full ? full : quick;

    /// <summary>Environment variable that selects the device: <c>auto</c> (default: CUDA when usable), <c>cpu</c> or <c>cuda</c>.</summary>
    public const string DeviceVariable = "DDIM_DEVICE";

    /// <summary>
    /// The device from <see cref="DeviceVariable"/>, parsed as the command line's <c>--device</c>: by default CUDA when a
    /// GPU is usable, else the CPU. Seeded draws are made on the CPU and moved here (<see cref="Seeded"/>).
    /// </summary>
    public static torch.Device Device =>
        Training.Devices.Resolve(Training.Devices.Parse(Environment.GetEnvironmentVariable(DeviceVariable) is { Length: > 0 } name ? name : "auto"));

    /// <summary>Versions and device in one line, for the top of every notebook and command.</summary>
    public static string Describe() =>
        $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, LibTorch {torch.__version__}, .NET {Environment.Version}, " +
        $"device {Device.type}, {Plural(torch.get_num_threads(), "thread")}, profile {Profile.ToString().ToLowerInvariant()}";

    /// <summary>Environment variable that overrides the LibTorch thread count chosen by <see cref="Threads"/>.</summary>
    public const string ThreadsVariable = "DDIM_THREADS";

    /// <summary>
    /// LibTorch threads for the course: <see cref="ThreadsVariable"/> when set, else one on the quick profile and every core
    /// on the full one. The course's models are small: on a busy 2-core machine two threads that wait on each other cost
    /// more than they gain (measured: 20 ms per MLP training step with one thread, 600 ms with two; notebook 06 in 70 s
    /// with one thread, 491 s with two).
    /// </summary>
    public static int Threads => ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable)) ?? ByProfile(1, Environment.ProcessorCount);

    /// <summary>A thread count from <c>DDIM_THREADS</c>: null when unset, else a positive integer (anything else is an error naming the variable).</summary>
    public static int? ParseThreads(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value.Trim(), out int n) && n >= 1 && n <= 1024) return n;
        throw new ArgumentException(
            $"{ThreadsVariable}='{value}' is not a thread count between 1 and 1024. Unset it (the profile chooses) or set e.g. {ThreadsVariable}=2.",
            nameof(value));
    }

    /// <summary>
    /// The state every notebook relies on, set in its first cell (notebooks/course.csx) so that a notebook opened alone
    /// behaves as it does in the main job: the LibTorch thread count (<see cref="Threads"/>).
    /// </summary>
    public static void Start() => torch.set_num_threads(Threads);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
