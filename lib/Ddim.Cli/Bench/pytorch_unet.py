"""The project's UNet written in PyTorch, for `ddim bench pytorch`.

It rebuilds the network from a ddim checkpoint (lib/Ddim.Teaching/Models/UNet.cs, same layer names, so the checkpoint's
tensors load with strict=True), checks that it maps a reference input to the reference output that the TorchSharp
model produced, then times the same training step (L_simple, Adam, gradient clipping, EMA) and the same deterministic
DDIM step as the C# benchmark, with the same thread count, batch sizes and device. On CUDA the optimiser is
torch.optim.Adam(fused=True), PyTorch's fastest eager Adam. Prints one JSON object on stdout.

Usage: python3 pytorch_unet.py --checkpoint C --reference R --data DIR --threads N --batch B --train-steps K
                               --sample-batch M --steps S [--device cpu|cuda]
"""
import argparse
import gzip
import json
import math
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# TorchSharp ScalarType codes used in checkpoints.
DTYPES = {4: (np.int64, torch.int64), 6: (np.float32, torch.float32), 7: (np.float64, torch.float64)}


def read_checkpoint(path):
    """Reads a ddim checkpoint (Training/Checkpoint.cs): magic, version, JSON metadata, named tensors, end marker."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(n):
        nonlocal pos
        if pos + n > len(data):
            raise ValueError(f"{path}: truncated")
        chunk = data[pos:pos + n]
        pos += n
        return chunk

    def dotnet_string():  # BinaryWriter.Write(string): 7-bit encoded length, then UTF-8
        length, shift = 0, 0
        while True:
            b = take(1)[0]
            length |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return take(length).decode("utf-8")

    if take(8) != b"DDIMCKPT":
        raise ValueError(f"{path} is not a ddim checkpoint")
    (version,) = struct.unpack("<i", take(4))
    if version != 1:
        raise ValueError(f"{path}: checkpoint format {version}, expected 1")
    metadata = json.loads(dotnet_string())
    (count,) = struct.unpack("<i", take(4))
    tensors = {}
    for _ in range(count):
        name = dotnet_string()
        (code,) = struct.unpack("<i", take(4))
        (rank,) = struct.unpack("<q", take(8))
        shape = struct.unpack(f"<{rank}q", take(8 * rank))
        (length,) = struct.unpack("<q", take(8))
        if code not in DTYPES:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype code {code}")
        array = np.frombuffer(take(length), dtype=DTYPES[code][0]).reshape(shape)
        tensors[name] = torch.from_numpy(array.copy())
    if take(8) != b"DDIMEND.":
        raise ValueError(f"{path}: end marker missing")
    return metadata, tensors


def group_norm(groups, channels):
    return nn.GroupNorm(groups, channels)  # PyTorch initialises weight 1, bias 0 itself


class TimeEmbedding(nn.Module):
    def __init__(self, sinusoid_size, output_size):
        super().__init__()
        self.sinusoid_size = sinusoid_size
        self.dense0 = nn.Linear(sinusoid_size, output_size)
        self.dense1 = nn.Linear(output_size, output_size)

    def forward(self, t):
        half = self.sinusoid_size // 2
        frequencies = torch.exp(torch.arange(half, dtype=torch.float32) * (-math.log(10000.0) / (half - 1)))
        angles = t.float().unsqueeze(1) * frequencies.unsqueeze(0)
        h = torch.cat([torch.sin(angles), torch.cos(angles)], 1)
        return self.dense1(F.silu(self.dense0(h)))


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, temb, p, groups):
        super().__init__()
        self.norm1 = group_norm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb_proj = nn.Linear(temb, cout)
        self.norm2 = group_norm(groups, cout)
        self.dropout = nn.Dropout(p)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))
        return self.skip(x) + h


class SelfAttention2d(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.norm = group_norm(groups, channels)
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.proj_out = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        b, c, h, w = x.shape
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, h * w).transpose(2, 3).unbind(1)
        # softmax(q k^T / sqrt(C)) v; PyTorch 1.13 has no scaled_dot_product_attention, so it is written out.
        weights = torch.softmax(q @ k.transpose(1, 2) / math.sqrt(c), dim=-1)
        back = (weights @ v).transpose(1, 2).reshape(b, c, h, w)
        return x + self.proj_out(back)


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, stride=2, padding=1)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


class UNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        mult = cfg.get("ChannelMultipliers") or [1, 2, 2]
        ch, g, p = cfg["BaseChannels"], cfg["Groups"], cfg["Dropout"]
        blocks, levels, temb = cfg["ResBlocksPerLevel"], len(mult), 4 * cfg["BaseChannels"]
        self.blocks, self.levels = blocks, levels
        self.time_embedding = TimeEmbedding(ch, temb)
        self.conv_in = nn.Conv2d(cfg["ImageChannels"], ch, 3, padding=1)
        self.down_blocks, self.down_attention, self.downsamplers = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        skips, current = [ch], ch
        for level in range(levels):
            width, attend = ch * mult[level], cfg["AttentionAtLowest"] and level == levels - 1
            for _ in range(blocks):
                self.down_blocks.append(ResidualBlock(current, width, temb, p, g))
                self.down_attention.append(SelfAttention2d(width, g) if attend else nn.Identity())
                current = width
                skips.append(current)
            if level != levels - 1:
                self.downsamplers.append(Downsample(current))
                skips.append(current)
        self.mid_block1 = ResidualBlock(current, current, temb, p, g)
        self.mid_attention = SelfAttention2d(current, g)
        self.mid_block2 = ResidualBlock(current, current, temb, p, g)
        self.up_blocks, self.up_attention, self.upsamplers = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for level in reversed(range(levels)):
            width, attend = ch * mult[level], cfg["AttentionAtLowest"] and level == levels - 1
            for _ in range(blocks + 1):
                self.up_blocks.append(ResidualBlock(current + skips.pop(), width, temb, p, g))
                self.up_attention.append(SelfAttention2d(width, g) if attend else nn.Identity())
                current = width
            if level != 0:
                self.upsamplers.append(Upsample(current))
        self.norm_out = group_norm(g, current)
        self.conv_out = nn.Conv2d(current, cfg["ImageChannels"], 3, padding=1)

    def forward(self, x, t):
        temb = self.time_embedding(t)
        h = self.conv_in(x)
        skips, block = [h], 0
        for level in range(self.levels):
            for _ in range(self.blocks):
                h = self.down_attention[block](self.down_blocks[block](h, temb))
                skips.append(h)
                block += 1
            if level != self.levels - 1:
                h = self.downsamplers[level](h)
                skips.append(h)
        h = self.mid_block2(self.mid_attention(self.mid_block1(h, temb)), temb)
        block, up = 0, 0
        for level in reversed(range(self.levels)):
            for _ in range(self.blocks + 1):
                h = self.up_attention[block](self.up_blocks[block](torch.cat([h, skips.pop()], 1), temb))
                block += 1
            if level != 0:
                h = self.upsamplers[up](h)
                up += 1
        return self.conv_out(F.silu(self.norm_out(h)))


def load_images(folder):
    with gzip.open(f"{folder}/train-images-idx3-ubyte.gz", "rb") as f:
        raw = f.read()
    magic, n, rows, cols = struct.unpack(">iiii", raw[:16])
    if magic != 2051:
        raise ValueError("train-images-idx3-ubyte.gz: wrong magic")
    pixels = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, 1, rows, cols)
    return torch.from_numpy(pixels.astype(np.float32) / 127.5 - 1.0)


def main():
    ap = argparse.ArgumentParser()
    for name in ("--checkpoint", "--reference", "--data"):
        ap.add_argument(name, required=True)
    for name in ("--threads", "--batch", "--train-steps", "--sample-batch", "--steps"):
        ap.add_argument(name, type=int, required=True)
    ap.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    args = ap.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("pytorch_unet.py: --device cuda, but torch.cuda.is_available() is false")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    metadata, tensors = read_checkpoint(args.checkpoint)
    if metadata["Model"]["Kind"] != "UNet":
        sys.exit("pytorch_unet.py times UNet checkpoints only")
    model = UNet(metadata["Model"]["UNet"])
    prefix = "ema." if any(k.startswith("ema.") for k in tensors) else "model."
    model.load_state_dict({k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}, strict=True)
    parameters = sum(p.numel() for p in model.parameters())
    model.to(device)

    _, reference = read_checkpoint(args.reference)
    model.eval()
    with torch.no_grad():
        out = model(reference["x"].to(device), reference["t"].to(device))
    max_abs_diff = (out.cpu() - reference["eps"]).abs().max().item()

    sched = metadata["Schedule"]
    if sched["Kind"] != "Linear":
        sys.exit("pytorch_unet.py implements the linear beta schedule only")
    betas = torch.linspace(sched["BetaStart"], sched["BetaEnd"], sched["T"], dtype=torch.float64)
    alpha_bar = torch.cumprod(1 - betas, 0)
    sqrt_ab, sqrt_1mab = alpha_bar.sqrt().float().to(device), (1 - alpha_bar).sqrt().float().to(device)

    # Training: the same step as Trainer.TrainStep (batch, t, eps, x_t, MSE, backward, clip, Adam, EMA).
    data = load_images(args.data).to(device)
    model.train()
    ema = UNet(metadata["Model"]["UNet"]).to(device)
    ema.load_state_dict(model.state_dict())
    ema.eval()
    fused = device.type == "cuda"
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-4, fused=fused) if fused else torch.optim.Adam(model.parameters(), lr=1e-4)

    def train_step():
        x0 = data.index_select(0, torch.randint(data.shape[0], (args.batch,)).to(device))
        t = torch.randint(sched["T"], (args.batch,)).to(device)
        eps = torch.randn(x0.shape).to(device)
        xt = sqrt_ab[t].view(-1, 1, 1, 1) * x0 + sqrt_1mab[t].view(-1, 1, 1, 1) * eps
        optimiser.zero_grad()
        loss = F.mse_loss(model(xt, t), eps)
        loss.item()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        with torch.no_grad():
            for a, p in zip(ema.parameters(), model.parameters()):
                a.lerp_(p, 1 - 0.998)

    def synchronise():
        if device.type == "cuda":
            torch.cuda.synchronize()

    for _ in range(3):
        train_step()
    synchronise()
    start = time.perf_counter()
    for _ in range(args.train_steps):
        train_step()
    synchronise()
    train_ms = (time.perf_counter() - start) * 1000 / args.train_steps

    # Sampling: deterministic DDIM (eta = 0) on the authors' uniform sequence range(0, T, T // S).
    sequence = list(range(0, sched["T"], sched["T"] // args.steps))
    x = torch.randn(args.sample_batch, 1, 28, 28).to(device)
    ab = alpha_bar.float().to(device)
    one = torch.tensor(1.0, device=device)
    synchronise()
    start = time.perf_counter()
    with torch.no_grad():
        for i in reversed(range(len(sequence))):
            t = sequence[i]
            a_t, a_prev = ab[t], (ab[sequence[i - 1]] if i > 0 else one)
            eps = ema(x, torch.full((args.sample_batch,), t, dtype=torch.int64, device=device))
            x0 = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            x = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    synchronise()
    sample_ms = (time.perf_counter() - start) * 1000 / len(sequence)

    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "device": str(device),
        "adam": "fused" if fused else "default",
        "parameters": parameters,
        "max_abs_diff": max_abs_diff,
        "train_ms_per_step": train_ms,
        "sample_ms_per_step": sample_ms,
        "sample_steps": len(sequence),
        "finite": bool(torch.isfinite(x).all()),
    }))


if __name__ == "__main__":
    main()
