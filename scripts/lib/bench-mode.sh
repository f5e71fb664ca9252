# Sourced by the bench scripts: the command prefix of the benchmark JVM for the mode asked for.
#   shared (default): server and client on all cores.
#   pinned (PGCOPY_BENCH_PIN=1 or --pinned as the first argument): the JVM on CPU 1; the benchmark
#   then pins its throwaway PostgreSQL (postmaster and children) to CPU 0 (io.pgcopy.testing.BenchMode).
BENCH_PREFIX=()
if [[ "${1:-}" == "--pinned" ]]; then
  export PGCOPY_BENCH_PIN=1
fi
if [[ -n "${PGCOPY_BENCH_PIN:-}" && "${PGCOPY_BENCH_PIN}" != 0 ]]; then
  if ! command -v taskset >/dev/null 2>&1; then
    echo "pgcopy: the pinned mode needs taskset (Debian: apt-get install -y util-linux)" >&2
    exit 1
  fi
  if [[ "$(nproc --all)" -lt 2 ]]; then
    echo "pgcopy: the pinned mode needs 2 CPUs (server on 0, client on 1)" >&2
    exit 1
  fi
  BENCH_PREFIX=(taskset -c 1)
fi
