//! One address asked for: its redirects followed one by one, a 429 waited out once, and the
//! beginning of its answer read (a server that breaks off mid-answer is broken too).

use std::io::Read;
use std::time::Duration;

use super::MAX_HOPS;

/// What asking for an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It answers (perhaps after temporary redirects).
    Ok,
    /// It has moved for good (301, 308): the address it leads to now.
    Moved { to: String },
    /// It leads nowhere: why.
    Broken { why: String },
}

/// The longest a 429's `Retry-After` is waited.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// The most of an answer read.
const READ: u64 = 64 * 1024;

pub(super) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .user_agent(concat!(
            "briefing/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .new_agent()
}

/// The host of `url` (`www.gov.cn`), for the limit of requests per host.
pub(super) fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Ask for `url`, following its redirects.
pub(super) fn follow(agent: &ureq::Agent, url: &str) -> Outcome {
    let mut current = url.to_string();
    let mut moved = false;
    let mut waited = false;
    for _ in 0..=MAX_HOPS {
        let mut response = match agent.get(&current).call() {
            Ok(r) => r,
            Err(e) => return broken(describe(&e)),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            (response.headers().get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            200..=299 => {
                let mut reader = response.body_mut().as_reader().take(READ);
                let mut sink = Vec::new();
                if let Err(e) = reader.read_to_end(&mut sink) {
                    return broken(format!("the answer broke off ({e})"));
                }
                return if moved && current != url {
                    Outcome::Moved { to: current }
                } else {
                    Outcome::Ok
                };
            }
            301 | 302 | 303 | 307 | 308 => {
                let Some(location) = header("location") else {
                    return broken(format!("{status} without an address to go to"));
                };
                moved |= matches!(status, 301 | 308);
                current = join(&current, &location);
            }
            429 if !waited => {
                let wait = (header("retry-after"))
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map_or(Duration::from_secs(5), Duration::from_secs);
                std::thread::sleep(wait.min(MAX_WAIT));
                waited = true;
            }
            _ => {
                let reason = response.status().canonical_reason().unwrap_or("an error");
                return broken(format!("{status} {reason}"));
            }
        }
    }
    broken(format!("more than {MAX_HOPS} redirects"))
}

fn broken(why: String) -> Outcome {
    Outcome::Broken { why }
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "no answer in time".to_string(),
        ureq::Error::HostNotFound => "the host is not found".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        other => format!("it cannot be reached ({other})"),
    }
}

/// `location` (absolute, from the root, or relative) seen from `base`.
fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let host = rest.split('/').next().unwrap_or("");
    if let Some(rooted) = location.strip_prefix('/') {
        return format!("{scheme}://{host}/{rooted}");
    }
    let folder = base.rsplit_once('/').map_or(base, |(f, _)| f);
    format!("{folder}/{location}")
}

#[cfg(test)]
mod tests {
    use super::{host, join};

    #[test]
    fn redirects_and_hosts_are_read_as_browsers_read_them() {
        assert_eq!(host("https://WWW.Gov.cn/a/b?x#y"), "www.gov.cn");
        assert_eq!(
            join("https://a.cn/x/y.html", "https://b.cn/"),
            "https://b.cn/"
        );
        assert_eq!(join("https://a.cn/x/y.html", "/z"), "https://a.cn/z");
        assert_eq!(
            join("https://a.cn/x/y.html", "z.html"),
            "https://a.cn/x/z.html"
        );
    }
}
