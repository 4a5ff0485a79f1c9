using TorchSharp;
var x = torch.arange(6, dtype: torch.float64).reshape(2, 3);
Console.WriteLine((x.matmul(x.T)).sum().item<double>());
Console.WriteLine(Ddim.Teaching.Setup.TorchNative.Actions.Count);
