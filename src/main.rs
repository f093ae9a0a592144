/// mimalloc: the build allocates many small values on every core; glibc's allocator spends a
/// large share of the run on lock contention there (measured in tests/bench/run.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(briefing::cli::main());
}
