//! `publish:` in site.yaml: where `briefing publish` sends a build besides GitHub Pages — an
//! S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS) and a server reached by SSH.
//!
//! Every value here ends up on another program's command line, so each is held to a shape that
//! cannot be read as an option or a second argument: a bucket name of `[a-z0-9-]`, an endpoint
//! that is a host name, a server folder that is not `/`, nothing starting with `-`.

use super::Config;
use crate::diag::{self, Code};
use crate::load::fields::{Fields, Place};
use crate::load::yaml::Yaml;

/// The S3-compatible providers rclone knows by name (its `provider=` values), with the
/// endpoint each is reached at, as an example.
pub(crate) const PROVIDERS: &[(&str, &str)] = &[
    ("Alibaba", "oss-cn-beijing.aliyuncs.com"),
    ("TencentCOS", "cos.ap-beijing.myqcloud.com"),
    ("HuaweiOBS", "obs.cn-north-4.myhuaweicloud.com"),
    ("Other", "s3.example.com"),
];

/// Paths on the other side that a publish never deletes, whatever the build holds: ACME
/// certificate challenges and WeChat's domain-verification files (`MP_verify_….txt`).
pub(crate) const ALWAYS_KEEP: &[&str] = &[".well-known/", "MP_verify_*.txt"];

/// A bucket behind a CDN.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bucket {
    /// rclone's `provider=` (one of [`PROVIDERS`]).
    pub provider: String,
    /// The host name of the region's endpoint (`oss-cn-beijing.aliyuncs.com`).
    pub endpoint: String,
    /// The bucket's name.
    pub name: String,
    /// A folder inside the bucket (`''` for its top).
    pub folder: String,
    /// The objects' canned ACL (`public-read` unless set; `private` behind a CDN that signs).
    pub acl: String,
}

/// A server reached by SSH, written to with rsync.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Server {
    /// `user@host:/var/www/briefing/` (always ending in `/`).
    pub target: String,
    pub port: u16,
}

/// The `publish:` settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Publish {
    pub bucket: Option<Bucket>,
    pub server: Option<Server>,
    /// Paths never deleted on the other side: [`ALWAYS_KEEP`] and the site's `keep:`.
    pub keep: Vec<String>,
}

impl Publish {
    pub(crate) fn defaults() -> Publish {
        Publish {
            keep: ALWAYS_KEEP.iter().map(|k| k.to_string()).collect(),
            ..Publish::default()
        }
    }
}

const KEYS: &[&str] = &["bucket", "server", "keep"];
const BUCKET_KEYS: &[&str] = &["provider", "endpoint", "name", "folder", "acl"];
const SERVER_KEYS: &[&str] = &["target", "port"];
const ACLS: &[&str] = &["public-read", "private", "default"];

pub(super) fn read_publish(f: &mut Fields, c: &mut Config) {
    let Some((v, place)) = f.take("publish") else {
        return;
    };
    let Some(entries) = mapping(f, v, &place, "a mapping such as `{server: …, bucket: …}`")
    else {
        return;
    };
    for (k, val) in entries {
        let kp = f.sub_place(&place, &k);
        match k.as_str() {
            "bucket" => c.publish.bucket = read_bucket(f, val, &kp),
            "server" => c.publish.server = read_server(f, val, &kp),
            "keep" => {
                for pattern in f.text_list(val, &kp).unwrap_or_default() {
                    match check_keep(&pattern) {
                        Ok(()) => c.publish.keep.push(pattern),
                        Err(msg) => bad(
                            f,
                            &kp,
                            &pattern,
                            msg,
                            "e.g. `keep: [downloads/, baidu_verify_*.html]`",
                        ),
                    }
                }
            }
            _ => unknown(f, &kp, &k, KEYS),
        }
    }
}

/// The entries of a mapping, or a wrong-type error.
fn mapping(f: &mut Fields, v: Yaml, place: &Place, expected: &str) -> Option<Vec<(String, Yaml)>> {
    match v {
        Yaml::Map(entries) => Some(entries),
        other => {
            f.wrong_type(place, &other, expected);
            None
        }
    }
}

fn unknown(f: &mut Fields, place: &Place, key: &str, known: &[&str]) {
    let d = f
        .diag_at_key(
            Code::UnknownSetting,
            place,
            format!("unknown setting `{}`", place.field),
        )
        .help(diag::suggest(key, known, "settings are"));
    f.push(d);
}

fn bad(f: &mut Fields, place: &Place, value: &str, msg: String, help: &str) {
    let d = f
        .diag_at_value(Code::UnknownSetting, place, Some(value), msg)
        .help(help.to_string());
    f.push(d);
}

/// The text values of a sub-mapping, each checked against `known`.
fn texts(
    f: &mut Fields,
    v: Yaml,
    place: &Place,
    known: &[&str],
) -> Option<Vec<(String, String, Place)>> {
    let entries = mapping(f, v, place, "a mapping of settings")?;
    let mut out = Vec::new();
    for (k, val) in entries {
        let kp = f.sub_place(place, &k);
        if !known.contains(&k.as_str()) {
            unknown(f, &kp, &k, known);
        } else if let Some(t) = f.text_of(val, &kp) {
            out.push((k, t.trim().to_string(), kp));
        }
    }
    Some(out)
}

fn read_bucket(f: &mut Fields, v: Yaml, place: &Place) -> Option<Bucket> {
    let mut b = Bucket {
        provider: String::new(),
        endpoint: String::new(),
        name: String::new(),
        folder: String::new(),
        acl: "public-read".into(),
    };
    let errors = f.diags.len();
    for (k, t, kp) in texts(f, v, place, BUCKET_KEYS)? {
        let checked = match k.as_str() {
            "provider" => check_provider(&t).map(|()| b.provider = t.clone()),
            "endpoint" => check_endpoint(&t).map(|e| b.endpoint = e),
            "name" => check_bucket_name(&t).map(|()| b.name = t.clone()),
            "folder" => check_folder(&t).map(|p| b.folder = p),
            _ => check_acl(&t).map(|()| b.acl = t.clone()),
        };
        if let Err(msg) = checked {
            let help = match k.as_str() {
                "provider" => diag::suggest(
                    &t,
                    &PROVIDERS.iter().map(|p| p.0).collect::<Vec<_>>(),
                    "providers are",
                ),
                "acl" => diag::suggest(&t, ACLS, "values are"),
                "endpoint" => {
                    "the region's host name, e.g. `endpoint: oss-cn-beijing.aliyuncs.com`".into()
                }
                "name" => {
                    "the bucket's name as the console shows it, e.g. `name: jjj-briefing`".into()
                }
                _ => "a folder inside the bucket, e.g. `folder: briefing`".into(),
            };
            bad(f, &kp, &t, msg, &help);
        }
    }
    for (key, example) in [
        ("provider", "Alibaba"),
        ("endpoint", "oss-cn-beijing.aliyuncs.com"),
        ("name", "jjj-briefing"),
    ] {
        let empty = match key {
            "provider" => b.provider.is_empty(),
            "endpoint" => b.endpoint.is_empty(),
            _ => b.name.is_empty(),
        };
        if empty && f.diags.len() == errors {
            let d = f
                .diag_at_key(
                    Code::MissingField,
                    place,
                    format!("`publish.bucket` has no `{key}`"),
                )
                .field(format!("publish.bucket.{key}"))
                .help(format!("add `{key}: {example}`"));
            f.push(d);
        }
    }
    (f.diags.len() == errors).then_some(b)
}

fn read_server(f: &mut Fields, v: Yaml, place: &Place) -> Option<Server> {
    let errors = f.diags.len();
    let mut s = Server {
        target: String::new(),
        port: 22,
    };
    for (k, t, kp) in texts(f, v, place, SERVER_KEYS)? {
        let checked = match k.as_str() {
            "target" => check_target(&t).map(|target| s.target = target),
            _ => match t.parse::<u16>() {
                Ok(p) if p > 0 => {
                    s.port = p;
                    Ok(())
                }
                _ => Err(format!("`{t}` is not a port number (1 to 65535)")),
            },
        };
        if let Err(msg) = checked {
            let help = if k == "target" {
                "the SSH user, server and folder, e.g. `target: deploy@203.0.113.5:/var/www/briefing/`"
            } else {
                "e.g. `port: 22`"
            };
            bad(f, &kp, &t, msg, help);
        }
    }
    if s.target.is_empty() && f.diags.len() == errors {
        let d = f
            .diag_at_key(
                Code::MissingField,
                place,
                "`publish.server` has no `target`".to_string(),
            )
            .field("publish.server.target")
            .help("add `target: deploy@203.0.113.5:/var/www/briefing/`");
        f.push(d);
    }
    (f.diags.len() == errors).then_some(s)
}

fn check_provider(p: &str) -> Result<(), String> {
    if PROVIDERS.iter().any(|(name, _)| *name == p) {
        Ok(())
    } else {
        Err(format!("unknown provider `{p}`"))
    }
}

fn check_acl(a: &str) -> Result<(), String> {
    if ACLS.contains(&a) {
        Ok(())
    } else {
        Err(format!("unknown acl `{a}`"))
    }
}

/// A host name (an `https://` in front is dropped): letters, digits, `.` and `-`.
pub(crate) fn check_endpoint(e: &str) -> Result<String, String> {
    let host = e
        .strip_prefix("https://")
        .unwrap_or(e)
        .trim_end_matches('/');
    let ok = !host.is_empty()
        && !host.starts_with(['-', '.'])
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if ok {
        Ok(host.to_ascii_lowercase())
    } else {
        Err(format!("`{e}` is not a host name"))
    }
}

/// A bucket name as the providers allow it: 3 to 63 of `a-z`, `0-9` and `-`, not at the ends.
pub(crate) fn check_bucket_name(n: &str) -> Result<(), String> {
    let ok = (3..=63).contains(&n.len())
        && !n.starts_with('-')
        && !n.ends_with('-')
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{n}` is not a bucket name (3 to 63 of a-z, 0-9 and -)"
        ))
    }
}

/// A relative folder of plain names: no `..`, no leading `-`, nothing a command line reads.
fn check_folder(p: &str) -> Result<String, String> {
    let p = p.trim_matches('/');
    let ok = p.split('/').all(|part| {
        !part.is_empty()
            && part != ".."
            && part != "."
            && !part.starts_with('-')
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    });
    if p.is_empty() || ok {
        Ok(p.to_string())
    } else {
        Err(format!(
            "`{p}` is not a folder name (a-z, 0-9, -, _ and . between /)"
        ))
    }
}

/// `[user@]host:folder`: the folder must not be the server's top (`/`) nor the user's home
/// (an empty folder), and nothing may start with `-` (rsync and ssh would take it for an option).
pub(crate) fn check_target(t: &str) -> Result<String, String> {
    let Some((login, folder)) = t.split_once(':') else {
        return Err(format!(
            "`{t}` has no `:` between the server and the folder"
        ));
    };
    let host = login.rsplit('@').next().unwrap_or("");
    let user = login.strip_suffix(host).and_then(|u| u.strip_suffix('@'));
    let name = |s: &str| {
        !s.is_empty()
            && !s.starts_with('-')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    if !name(host) || user.is_some_and(|u| !name(u)) {
        return Err(format!("`{login}` is not a server (`user@host`)"));
    }
    let parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts == ["~"] {
        return Err(format!(
            "`{t}` names the server's top folder or the user's home: publishing deletes what the build does not hold, so give the site's own folder"
        ));
    }
    if folder.starts_with('-')
        || folder.chars().any(|c| c.is_control())
        || parts.iter().any(|p| *p == ".." || *p == ".")
    {
        return Err(format!("`{folder}` is not a folder on the server"));
    }
    let mut target = t.to_string();
    if !target.ends_with('/') {
        target.push('/');
    }
    Ok(target)
}

/// A path or pattern to keep: relative, no `..`, no control characters.
fn check_keep(p: &str) -> Result<(), String> {
    let ok = !p.trim().is_empty()
        && !p.starts_with(['-', '/'])
        && !p.split('/').any(|part| part == "..")
        && !p.chars().any(|c| c.is_control());
    if ok {
        Ok(())
    } else {
        Err(format!("`{p}` is not a path inside the site"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_that_would_reach_too_far_are_refused() {
        assert_eq!(
            check_target("deploy@example.cn:/var/www/jjj").unwrap(),
            "deploy@example.cn:/var/www/jjj/"
        );
        assert!(check_target("example.cn:www/site/").is_ok());
        for bad in [
            "example.cn:/",
            "example.cn:",
            "example.cn:~",
            "-oProxyCommand=x:/var/www/",
            "deploy@-x:/var/www/",
            "example.cn:/var/../etc/",
            "example.cn",
            "ex ample.cn:/var/www/",
        ] {
            assert!(check_target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bucket_values_cannot_carry_options() {
        assert!(check_bucket_name("jjj-briefing").is_ok());
        for bad in ["JJJ", "a,b", "ab", "-ab", "a:b", "a/b"] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_endpoint("https://OSS-cn-beijing.aliyuncs.com/").unwrap(),
            "oss-cn-beijing.aliyuncs.com"
        );
        for bad in ["oss.com,env_auth=true", "a:b", "-x", ""] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
        assert_eq!(check_folder("/site/zh/").unwrap(), "site/zh");
        assert!(check_folder("../x").is_err());
        assert!(check_folder("a,b").is_err());
    }
}
