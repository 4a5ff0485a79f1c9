using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;

namespace Ddim.Cli.Commands;

/// <summary>`ddim exact-fd`: the exact Frechet distance of every (S, eta) sampler to Gaussian data, without sampling.</summary>
internal static class ExactFdCommand
{
    public static Command Create()
    {
        var mean = new Option<double>("--mean") { Description = "Data mean (every dimension).", Required = true };
        var std = new Option<double>("--std") { Description = "Data std (every dimension), > 0.", Required = true };
        var dim = new Option<int>("--dim") { Description = "Data dimension D.", DefaultValueFactory = _ => 1 };
        var schedule = new Option<string>("--schedule") { Description = "linear, quadratic, cosine, sigmoid, constant or jsd.", DefaultValueFactory = _ => "linear" };
        var T = new Option<int>("--T") { Description = "Number of diffusion steps.", DefaultValueFactory = _ => 1000 };
        var steps = new Option<string>("--steps") { Description = "Comma-separated sampling step counts S.", DefaultValueFactory = _ => "10,20,50,100,1000" };
        var eta = new Option<string>("--eta") { Description = "Comma-separated eta values (>= 0) or 'hat' for sigma-hat.", DefaultValueFactory = _ => "0,0.2,0.5,1,hat" };
        var skip = new Option<string>("--skip") { Description = "Timestep sub-sequence: uniform (authors), quad (authors) or linear (paper, exactly S).", DefaultValueFactory = _ => "uniform" };
        var duplicates = new Option<string>("--duplicates") { Description = "Repeated timesteps (quad at large S): remove or refuse.", DefaultValueFactory = _ => "remove" };
        var csv = new Option<bool>("--csv") { Description = "Print CSV with columns steps,eta,fd." };

        var command = new Command("exact-fd", "Exact Frechet distance between Gaussian data N(mean, std^2 I) and the output of DDIM samplers with the exact eps*, per (S, eta).")
        {
            mean, std, dim, schedule, T, steps, eta, skip, duplicates, csv,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (output, error) =>
        {
            OptionParsing.Finite(parse.GetValue(mean), "--mean");
            double s = parse.GetValue(std);
            OptionParsing.Positive(s, "--std");
            int d = parse.GetValue(dim);
            OptionParsing.AtLeastOne(d, "--dim");
            // The propagation keeps a handful of D-vectors of float64 per row.
            OptionParsing.Fits("--dim", (double)d * 8 * 64, $"D = {d} dimensions");
            if (parse.GetValue(T) > OptionParsing.MaxT)
                throw new OptionException("--T", $"T is {parse.GetValue(T)}; give at most {OptionParsing.MaxT:N0} diffusion steps (the paper uses 1000).");
            var noiseSchedule = OptionParsing.Schedule(parse.GetValue(schedule)!, parse.GetValue(T));
            var counts = OptionParsing.StepCounts(parse.GetValue(steps)!, noiseSchedule.T);
            var noises = OptionParsing.Noises(parse.GetValue(eta)!);
            var skipKind = OptionParsing.Skip(parse.GetValue(skip)!);
            var policy = OptionParsing.Duplicates(parse.GetValue(duplicates)!);
            var data = DiagonalGaussian.Isotropic(parse.GetValue(mean), s, d);

            foreach (int count in counts)
            {
                var sequence = OptionParsing.Sequence(skipKind, noiseSchedule.T, count);
                if (policy == DuplicatePolicy.Refuse && sequence.DuplicatesRemoved > 0)
                    throw new OptionException("--duplicates", $"{sequence.Description} over T = {noiseSchedule.T} repeats {sequence.DuplicatesRemoved} timesteps; " +
                        "pass --duplicates remove to drop them, or ask for fewer steps.");
                foreach (var noise in noises)
                    OptionParsing.Admissible(noiseSchedule, sequence, noise);
            }

            var clock = Stopwatch.StartNew();
            var rows = ExactPropagation.Sweep(noiseSchedule, data, counts, noises, skipKind, policy);
            clock.Stop();

            bool asCsv = parse.GetValue(csv);
            // Length differs from S for uniform spacing when S does not divide T, and when duplicates were removed.
            var notes = rows.Where(r => r.Length != r.Steps).Select(r => (r.Steps, r.Length)).Distinct()
                .Select(p => $"note: S = {p.Steps} runs {p.Length} steps with {skipKind.ToString().ToLowerInvariant()} spacing");
            var summary = $"{rows.Count} rows computed in {clock.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms " +
                          $"({noiseSchedule.Name}, data N({data.Mean[0].ToString(CultureInfo.InvariantCulture)}, {s.ToString(CultureInfo.InvariantCulture)}^2 I_{d}))";
            if (asCsv)
            {
                output.WriteLine("steps,eta,fd");
                foreach (var r in rows)
                    output.WriteLine($"{r.Steps},{r.Noise},{r.Fd.ToString("R", CultureInfo.InvariantCulture)}");
                foreach (var note in notes)
                    error.WriteLine(note);
                error.WriteLine(summary);
            }
            else
            {
                output.WriteLine($"{"steps",6} {"length",6} {"eta",6} {"fd",14}");
                foreach (var r in rows)
                    output.WriteLine($"{r.Steps,6} {r.Length,6} {r.Noise,6} {r.Fd.ToString("G6", CultureInfo.InvariantCulture),14}");
                foreach (var note in notes)
                    output.WriteLine(note);
                output.WriteLine(summary);
            }
            return 0;
        }));
        return command;
    }
}
