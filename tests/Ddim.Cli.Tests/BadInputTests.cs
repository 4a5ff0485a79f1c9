using Ddim.Teaching.Data;

namespace Ddim.Cli.Tests;

/// <summary>
/// Bad inputs, one row each: the command, the exit code, a fragment of the one "error:" line it must print, and no file
/// changed (neither the damaged inputs nor anything in data/checkpoints). No case may print a stack trace.
/// {dir} is a folder of damaged files (<see cref="BrokenFiles"/>), {ring} and {unet} the shipped checkpoints.
/// </summary>
public sealed class BadInputTests(BrokenFiles files) : IClassFixture<BrokenFiles>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        // Broken checkpoints: one line naming the file, never a LibTorch or .NET trace.
        { "sample --checkpoint {dir}/empty.ckpt --n 2", 2, "empty.ckpt is not a ddim checkpoint" },
        { "sample --checkpoint {dir}/truncated.ckpt --n 2", 2, "truncated.ckpt: unreadable checkpoint" },
        { "sample --checkpoint {dir}/random.ckpt --n 2", 2, "random.ckpt is not a ddim checkpoint" },
        { "sample --checkpoint {dir}/image.ckpt --n 2", 2, "image.ckpt is not a ddim checkpoint" },
        { "sample --checkpoint {dir}/empty-metadata.ckpt --n 2", 2, "empty-metadata.ckpt: the checkpoint header lacks Model" },
        { "sample --checkpoint {dir}/dtype.ckpt --n 2", 2, "dtype.ckpt: tensor ema." },
        { "sample --checkpoint {dir}/negative-size.ckpt --n 2", 2, "implausible size -5" },
        { "sample --checkpoint {dir}/nosuch.ckpt", 2, "nosuch.ckpt not found" },
        { "bench model --checkpoint {dir}/nosuch.ckpt", 2, "nosuch.ckpt not found" },
        { "sample --checkpoint data/checkpoints/nosuch.ckpt", 2, "a relative path is read from the current directory" },
        { "encode --checkpoint {dir}/truncated-unet.ckpt --out {dir}/latents.pt", 2, "truncated-unet.ckpt: unreadable checkpoint" },
        { "train --resume {dir}/random.ckpt", 2, "random.ckpt is not a ddim checkpoint" },
        // Other files.
        { "encode --checkpoint {unet} --images {dir}/nosuch.pt --out {dir}/latents.pt", 2, "--images: " },
        { "encode --checkpoint {unet} --offset 2147483647 --out {dir}/latents.pt", 2, "--offset: images 2147483647.." },
        { "encode --checkpoint {ring} --out {dir}/latents.pt", 2, "--checkpoint: encode and reconstruct need an image network" },
        // Output paths are checked before any work.
        { "train --dataset moons --model mlp --out /proc/version", 2, "--out: /proc/version is in /proc/" },
        { "train --dataset moons --model mlp --out {dir}", 2, "is a directory" },
        { "train --dataset moons --model mlp --out {dir}/t.ckpt --export {dir}/t.ckpt", 2, "--export: " },
        { "train --dataset moons --model mlp --out {dir}/t.ckpt --export {dir}/e.ckpt --export-weights both", 2, "--export-weights: 'both'" },
        { "sample --n 2 --out /proc/version", 2, "--out: /proc/version" },
        { "sample --n 2 --out /", 2, "--out: / is a directory" },
        { "sample --n 2 --grid /sys/x.png", 2, "--grid: /sys/x.png" },
        { "sample --n 2 --grid {dir}/points.png", 2, "--grid: a PNG grid needs image samples" },
        { "sweep --out /", 2, "--out: / is a directory" },
        { "sweep --out {dir}/table.txt", 2, "does not end in .csv" },
        // Settings out of range, each named.
        { "train --dataset moons --model mlp --log-every 0 --out {dir}/t.ckpt", 2, "--log-every: log-every is 0" },
        { "train --dataset moons --model mlp --lr 1e300 --out {dir}/t.ckpt", 2, "--lr: lr is 1E+300" },
        { "train --dataset moons --model mlp --lr NaN --out {dir}/t.ckpt", 2, "--lr: lr is NaN" },
        { "train --dataset moons --model mlp --grad-clip Infinity --out {dir}/t.ckpt", 2, "--grad-clip: grad-clip is Infinity" },
        { "train --dataset moons --model mlp --points 0 --out {dir}/t.ckpt", 2, "--points: points is 0" },
        { "train --dataset moons --model mlp --threads 100000 --out {dir}/t.ckpt", 2, "--threads: threads is 100000" },
        { "train --dataset moons --model mlp --points 256 --batch 2000000000 --out {dir}/t.ckpt", 2, "--batch: batch is 2000000000, more than the 256" },
        { "train --model unet-large --batch 50000 --out {dir}/t.ckpt", 2, "--batch: training steps of 50000 images" },
        { "train --dataset cifar --out {dir}/t.ckpt", 2, "--dataset: unknown data set 'cifar'" },
        { "train --dataset moons --model mlp --steps 0 --out {dir}/t.ckpt", 2, "--steps: steps is 0" },
        { "train --resume {ring}", 2, "--resume: " },
        { "train --dataset moons --model transformer --out {dir}/t.ckpt", 2, "--model: unknown model 'transformer'" },
        { "exact-fd --mean NaN --std 1", 2, "--mean: mean is NaN" },
        { "exact-fd --mean 0 --std 1 --T 2000000000", 2, "--T: T is 2000000000" },
        { "exact-fd --mean 0 --std 1 --dim 100000000", 2, "--dim: D = 100000000 dimensions need about" },
        { "exact-fd --mean 0 --std 1 --steps 1", 2, "--steps: S = 1 with uniform spacing is the single timestep t = 0" },
        { "sample --n 2147483647 --dim 1000", 2, "--n: 2147483647 samples" },
        { "sample --checkpoint {unet} --n 100000", 2, "--n: sampling 100000 images in one batch" },
        { "sample --n 2 --steps 1", 2, "--steps: S = 1 with uniform spacing" },
        { "sample --n 2 --steps 10 --eta 40 --out {dir}/previous.csv", 2, "--eta: eta = 40 is not admissible" },
        { "sample --n 2 --schedule cubic", 2, "--schedule: Unknown schedule 'cubic'" },
        { "sample --n 2 --device quantum", 2, "--device" },
        { "reconstruct --checkpoint {unet} --n 2 --steps 1", 2, "--steps: S = 1 with uniform spacing" },
        { "reconstruct --checkpoint {unet} --n 2 --steps 10 --skip karras", 2, "--skip: karras spacing is placed by noise level" },
        { "sweep --exact --skip karras --out {dir}/exact-new.csv", 2, "--skip: karras spacing is placed by noise level" },
        { "bench metrics --batch-size 0", 2, "--batch-size: batch-size is 0" },
        { "bench metrics --steps 0", 2, "--steps: S (steps) is 0" },
        { "bench sampler --threads 100000", 2, "--threads: threads is 100000" },
        { "bench model --steps 0", 2, "--steps: S (steps) is 0" },
        { "sweep --n 0 --out {dir}/new.csv", 2, "--n: n is 0" },
        { "sweep --n 100 --out {dir}/new.csv", 2, "--n: n is 100; FID in the 128-d feature space" },
        { "sweep --steps 1 --out {dir}/new.csv", 2, "--steps: S = 1 with uniform spacing" },
        { "sweep --steps 10,x --out {dir}/new.csv", 2, "--steps: 'x' in '10,x'" },
        { "sweep --skip random --out {dir}/new.csv", 2, "--skip: Unknown skip 'random'" },
        { "sweep --batch-size 0 --out {dir}/new.csv", 2, "--batch-size: batch-size is 0" },
        { "sweep --kid-subsets 0 --out {dir}/new.csv", 2, "--kid-subsets: kid-subsets is 0" },
        { "sweep --world a,b --out {dir}/new.csv", 2, "--world: 'a,b' cannot label CSV rows" },
        { "sweep --model {dir}/nosuch.ckpt --out {dir}/new.csv", 2, "--model: " },
        // Results are never mixed or overwritten.
        { "sweep --exact --out {dir}/measured.csv", 2, "--out: " },
        { "sweep --out {dir}/sweep-exact.csv", 2, "holds an exact (closed-form) table" },
        { "sweep --out {dir}/measured.csv --steps 10 --eta 0", 2, "no run record" },
        { "train-classifier --out {shipped}", 2, "--replace-shipped" },
        { "train-classifier --lr NaN --out {dir}/c.bin", 2, "--lr: lr is NaN" },
        { "train-classifier --batch-size 100000 --out {dir}/c.bin", 2, "--batch-size: batch-size is 100000, more than the 60000" },
        { "fd {dir}/huge.csv {dir}/small.csv", 2, "overflow double precision" },
        // The parser's own errors take the same path.
        { "sample --stepz 3", 2, "Unrecognized command or argument '--stepz'" },
        { "sample --n many", 2, "many" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_input_ends_with_one_line_naming_it_and_changes_no_file(string command, int expectedCode, string fragment)
    {
        string before = files.Fingerprint();
        var args = command.Split(' ').Select(a => a.Replace("{dir}", files.Directory).Replace("{ring}", files.Ring).Replace("{unet}", files.Unet)
            .Replace("{shipped}", Path.Combine(DataPaths.Checkpoints, "fashion-classifier.bin"))).ToArray();
        var (code, output, error) = CliRunner.Run(args);
        Assert.True(code == expectedCode, $"exit {code}, expected {expectedCode}; stderr: {error}");
        var first = error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.StartsWith("error: ", first);
        Assert.Contains(fragment, first);
        Assert.DoesNotContain("(Parameter '", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("this is a bug", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("S,mse", output);
        Assert.Equal(before, files.Fingerprint());
    }
}
