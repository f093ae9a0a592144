//! What `check --links` found, kept for a week in the cache folder (`~/.cache/briefing/`): an
//! address that answered is not asked again before then; one that failed is asked every time.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::Outcome;

/// How long an answer is trusted.
const WEEK: u64 = 7 * 24 * 3600;

/// One address's last answer, and when it came (seconds since 1970).
#[derive(Serialize, Deserialize, Clone)]
pub(super) struct Entry {
    checked: u64,
    /// `ok`, `moved` or `broken`.
    kind: String,
    /// Where it moved to, or why it is broken.
    detail: String,
}

impl Entry {
    pub(super) fn new(outcome: &Outcome, now: u64) -> Entry {
        let (kind, detail) = match outcome {
            Outcome::Ok => ("ok", String::new()),
            Outcome::Moved { to } => ("moved", to.clone()),
            Outcome::Broken { why } => ("broken", why.clone()),
        };
        Entry {
            checked: now,
            kind: kind.to_string(),
            detail,
        }
    }

    /// Whether it can be used instead of asking: it answered, in the last week.
    pub(super) fn fresh(&self, now: u64) -> bool {
        self.kind != "broken" && now.saturating_sub(self.checked) < WEEK
    }

    pub(super) fn outcome(&self) -> Outcome {
        match self.kind.as_str() {
            "ok" => Outcome::Ok,
            "moved" => Outcome::Moved {
                to: self.detail.clone(),
            },
            _ => Outcome::Broken {
                why: self.detail.clone(),
            },
        }
    }
}

/// Now, in seconds since 1970 (`SOURCE_DATE_EPOCH` is for what the site shows, not for this).
pub(super) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn file() -> Option<PathBuf> {
    crate::cache::dir("links.json")
}

pub(super) fn load() -> HashMap<String, Entry> {
    (file().and_then(|f| std::fs::read(f).ok()))
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub(super) fn save(kept: &HashMap<String, Entry>) {
    let Some(path) = file() else { return };
    let Ok(bytes) = serde_json::to_vec(kept) else {
        return;
    };
    if let Some(dir) = path.parent() {
        crate::cache::keep(dir, "links.json", &bytes);
    }
}
