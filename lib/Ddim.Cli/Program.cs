Ddim.Teaching.Native.TorchNative.Ensure();

return Ddim.Cli.Cli.Run(args, Console.Out, Console.Error);
