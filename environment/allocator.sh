# Sourced by the course scripts. TorchSharp training under glibc malloc keeps freed memory (RSS grew to ~5 GB within
# 200 steps of a small UNet, though live tensors stayed flat). jemalloc with decay disabled was both the fastest and flat
# (~850 MB) in measurements on a 2-core machine; see data/README.md and PLATFORM notes in the README.
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [ -f "$JEMALLOC" ] && [ "${DDIM_ALLOCATOR:-jemalloc}" = jemalloc ]; then
  case ":${LD_PRELOAD:-}:" in *libjemalloc*) ;; *) export LD_PRELOAD="$JEMALLOC${LD_PRELOAD:+:$LD_PRELOAD}" ;; esac
  export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
fi
