//! The `briefing` command: everything is in the library ([`briefing::main`]).

/// mimalloc: the build allocates many small values on every core; glibc's allocator spends a
/// large share of the run on lock contention there (measured with the benchmark).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    briefing::main()
}
