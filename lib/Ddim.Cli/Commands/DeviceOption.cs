using System.CommandLine;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>
/// The one <c>--device cpu|cuda|auto</c> option of every command that runs a network, and its resolution: an unknown
/// name, or cuda on a machine without a usable GPU, is one line naming the option (exit 2).
/// </summary>
internal static class DeviceOption
{
    public const string Name = "--device";

    public static Option<string> Create() =>
        new(Name) { Description = "cpu, cuda or auto (CUDA when available). The same seed gives the same noise on every device.", DefaultValueFactory = _ => "cpu" };

    /// <summary>The choice written on the command line (not yet checked against the machine).</summary>
    public static DeviceChoice Choice(ParseResult parse, Option<string> option) => Choice(parse.GetValue(option)!);

    /// <inheritdoc cref="Choice(ParseResult, Option{string})"/>
    public static DeviceChoice Choice(string name) => OptionException.For(Name, () => Devices.Parse(name));

    /// <summary>The torch device to run on; fails as an option error when CUDA is asked for and not usable.</summary>
    public static Device Resolve(ParseResult parse, Option<string> option) => Resolve(Choice(parse, option));

    /// <inheritdoc cref="Resolve(ParseResult, Option{string})"/>
    public static Device Resolve(DeviceChoice choice) => OptionException.For(Name, () => Devices.Resolve(choice));
}
