//! `briefing check --links`: every external address the briefs give (links in the text and
//! `source_url`) is asked for, and one that leads nowhere, or has moved for good, is reported
//! at each place it is written. Government sites reorganise often; readers follow these links.
//!
//! - a few requests at a time ([`WORKERS`]), at most [`PER_HOST`] to one host;
//! - each with a time limit (`--link-timeout`, 10 s);
//! - redirects followed one by one, up to [`MAX_HOPS`]: a permanent one (301, 308) is
//!   reported with the new address; a temporary one is not;
//! - a 429 waits as long as its `Retry-After` says (at most a minute), once;
//! - a result kept for a week in the cache folder ([`cache`]): a daily run asks again only about
//!   links not checked in a week and those that failed.
//!
//! Failures are warnings (the web is flaky); `--links=strict` makes them errors. Nothing else
//! in briefing makes a network request.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

mod cache;
mod collect;
mod fetch;

pub(crate) use collect::collect;
pub(crate) use fetch::Outcome;

/// Requests at once.
const WORKERS: usize = 8;
/// Requests at once to one host.
const PER_HOST: usize = 2;
/// Redirects followed.
const MAX_HOPS: usize = 5;

/// How `check --links` runs.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub timeout: Duration,
    /// Failures are errors, not warnings.
    pub strict: bool,
}

/// What a run found: each address's outcome, and what it cost.
pub(crate) struct Checked {
    pub outcomes: Vec<(String, Outcome)>,
    pub from_cache: usize,
    pub elapsed: Duration,
}

/// Ask for every address of `urls` (each once), the cache's fresh answers aside.
pub(crate) fn check(urls: &[String], opts: &Options) -> Checked {
    let started = Instant::now();
    let now = cache::now();
    let mut kept = cache::load();
    let (fresh, ask): (Vec<&String>, Vec<&String>) = urls
        .iter()
        .partition(|u| kept.get(u.as_str()).is_some_and(|e| e.fresh(now)));
    let asked = ask_all(&ask, opts);
    for (url, outcome) in &asked {
        kept.insert(url.clone(), cache::Entry::new(outcome, now));
    }
    cache::save(&kept);
    let mut outcomes: Vec<(String, Outcome)> = fresh
        .iter()
        .filter_map(|u| Some(((*u).clone(), kept.get(u.as_str())?.outcome())))
        .chain(asked)
        .collect();
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    Checked {
        outcomes,
        from_cache: fresh.len(),
        elapsed: started.elapsed(),
    }
}

/// Hosts with requests under way.
struct Hosts {
    busy: Mutex<HashMap<String, usize>>,
    freed: Condvar,
}

impl Hosts {
    fn enter(&self, host: &str) {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while busy.get(host).copied().unwrap_or(0) >= PER_HOST {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy.entry(host.to_string()).or_default() += 1;
    }

    fn leave(&self, host: &str) {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.freed.notify_all();
    }
}

/// Every address of `urls` asked for, [`WORKERS`] at a time.
fn ask_all(urls: &[&String], opts: &Options) -> Vec<(String, Outcome)> {
    let agent = fetch::agent(opts.timeout);
    let next = Mutex::new(urls.iter());
    let hosts = Hosts {
        busy: Mutex::new(HashMap::new()),
        freed: Condvar::new(),
    };
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let Some(url) = next.lock().ok().and_then(|mut n| n.next().copied()) else {
                        return;
                    };
                    let host = fetch::host(url);
                    hosts.enter(&host);
                    let outcome = fetch::follow(&agent, url);
                    hosts.leave(&host);
                    if let Ok(mut r) = results.lock() {
                        r.push((url.clone(), outcome));
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}
