#!/usr/bin/env bash
# The GPU proof, for a CUDA machine that has PyTorch but no .NET (README, "GPU"). Pack the command line first, here:
#   DDIM_BUNDLE_CHECKPOINTS="unet-fashion.ckpt fashion-classifier.bin fashion-classifier.json" ../shared/gpu/make-bundle.sh
# then on the CUDA machine, from the copy of the project root:
#   OUT=/some/folder environment/gpu-check.sh
# It trains a few hundred steps, samples, encodes and reconstructs, runs a small sweep and times TorchSharp against PyTorch
# (fused Adam) on the same card, writing every figure to $OUT (a few minutes in all). Without .gpu/ it runs the local build,
# so `DEVICE=cpu SMALL=1 OUT=/tmp/x environment/gpu-check.sh` tries the whole script on a CPU machine in tiny sizes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=${OUT:?set OUT to the folder that receives the figures}
DEVICE=${DEVICE:-cuda}
mkdir -p "$OUT"
if [ -f .gpu/env.sh ]; then
  source .gpu/env.sh
  # The bundle carries no libtorch: load PyTorch's own (torch/lib of python3) by full path.
  export DDIM_LIBTORCH=${DDIM_LIBTORCH:-python}
  shipped=$DDIM_DATA/checkpoints/unet-fashion.ckpt
else
  ddim() { dotnet lib/Ddim.Cli/bin/Debug/net10.0/ddim.dll "$@"; }
  shipped=data/checkpoints/unet-fashion.ckpt
fi
if [ "${SMALL:-0}" = 1 ]; then
  train_steps=4 sample_n=8 grid_n=4 sweep_n=130 steps=2 sweep_steps=1,2 recon_steps=2 bench_steps=1 rounds=1 batch=8
else
  train_steps=300 sample_n=2000 grid_n=64 sweep_n=500 steps=50 sweep_steps=10,20 recon_steps=10,20,50 bench_steps=50 rounds=3 batch=128
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
run() {  # run NAME ARGS...: the command's output goes to $OUT/NAME.txt, with its wall time on the last line
  local name=$1; shift
  local start=$SECONDS
  echo "== ddim $*" | tee "$OUT/$name.txt"
  ddim "$@" 2>&1 | tee -a "$OUT/$name.txt"
  echo "wall: $((SECONDS - start)) s" | tee -a "$OUT/$name.txt"
}

run info info
# Training: unet-small at batch 128 on the chosen device; the EMA weights (4 MB) come back, the full state stays behind.
run train train --model unet-small --steps "$train_steps" --batch "$batch" --lr 5e-4 --warmup 100 --flip \
  --device "$DEVICE" --out "$work/train.ckpt" --export "$OUT/unet-small-gpu.ckpt" --log-every 50
run sample-trained sample --checkpoint "$OUT/unet-small-gpu.ckpt" --n "$grid_n" --steps "$steps" --device "$DEVICE" --grid "$OUT/samples-trained.png"
# Sampling throughput of the shipped network, and the same seed on the CPU and on the device (compared below).
run sample-shipped sample --checkpoint "$shipped" --n "$sample_n" --steps "$steps" --device "$DEVICE" --stats
run seed-device sample --checkpoint "$shipped" --n 16 --steps "$steps" --eta 1 --seed 3 --device "$DEVICE" --out "$OUT/seed-device.csv"
run seed-cpu sample --checkpoint "$shipped" --n 16 --steps "$steps" --eta 1 --seed 3 --device cpu --out "$OUT/seed-cpu.csv"
python3 - "$OUT/seed-cpu.csv" "$OUT/seed-device.csv" <<'PY' | tee "$OUT/seed-compare.txt"
import sys
rows = [[list(map(float, line.split(","))) for line in open(p)] for p in sys.argv[1:]]
diff = max(abs(a - b) for ra, rb in zip(*rows) for a, b in zip(ra, rb))
print(f"same seed, eta = 1, 16 images: max |CPU - device| = {diff:.3g} (pixels in [-1, 1]; same noise, so only float rounding differs)")
PY
run encode encode --checkpoint "$shipped" --n "$grid_n" --steps "$steps" --device "$DEVICE" --out "$work/latents.pt" --grid "$OUT/latents.png"
run reconstruct reconstruct --checkpoint "$shipped" --n "$grid_n" --steps "$recon_steps" --device "$DEVICE" --grid "$OUT/reconstruct.png"
run sweep sweep --model "$shipped" --steps "$sweep_steps" --eta 0,1 --n "$sweep_n" --device "$DEVICE" --out "$OUT/sweep.csv"
run bench-model bench model --checkpoint "$shipped" --train-steps "$bench_steps" --batch "$batch" --device "$DEVICE"
run bench-pytorch bench pytorch --checkpoint "$shipped" --train-steps "$bench_steps" --batch "$batch" --rounds "$rounds" \
  --threads 4 --device "$DEVICE" --python "${PYTHON:-python3}"
echo "gpu-check: figures in $OUT"
