//! Stage timings on stderr when `BRIEFING_TIMINGS` is set: for profiling, not for users.

use std::time::Instant;

/// Stage timings on stderr when `BRIEFING_TIMINGS` is set (for profiling, not for users).
pub(super) struct Timings {
    on: bool,
    last: Instant,
    /// CPU time (user + system, ms) at `last`: against the wall time, how well a stage
    /// used the cores.
    cpu: u64,
}

impl Timings {
    pub(super) fn new() -> Timings {
        Timings {
            on: std::env::var_os("BRIEFING_TIMINGS").is_some(),
            last: Instant::now(),
            cpu: cpu_ms(),
        }
    }

    pub(super) fn lap(&mut self, stage: &str) {
        if self.on {
            let cpu = cpu_ms();
            eprintln!(
                "{stage:>20}: {:>6} ms (cpu {:>5} ms), resident {:>5} MiB (peak {} MiB)",
                self.last.elapsed().as_millis(),
                cpu.saturating_sub(self.cpu),
                memory("VmRSS:"),
                memory("VmHWM:")
            );
            self.last = Instant::now();
            self.cpu = cpu;
        }
    }
}

/// This process's CPU time so far, user and system, in ms (0 where `/proc` has none).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces:
    // utime and stime are the 12th and 13th, in clock ticks of 10 ms.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let mut fields = after.split_whitespace().skip(11);
    let mut tick = || {
        fields
            .next()
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (tick() + tick()) * 10
}

/// A memory figure of this process in MiB from `/proc/self/status` (0 where there is none).
fn memory(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
