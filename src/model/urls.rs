//! Addresses: every URL of the site is made here, from `base_url`, so a project site under a
//! sub-path (`/repo/`) just works.

use crate::model::{DomainId, Entry, Group, Milestone, Site};
use crate::slug::{ascii_url, encode_path, link_segment};

/// The three kinds of group, each with its folder of pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupKind {
    Domain,
    Region,
    Tag,
}

impl GroupKind {
    /// The folder of the group's pages (`domains`, `regions`, `tags`).
    pub(crate) fn dir(self) -> &'static str {
        match self {
            GroupKind::Domain => "domains",
            GroupKind::Region => "regions",
            GroupKind::Tag => "tags",
        }
    }

    /// One of them, as templates name it (`domain`, `region`, `tag`).
    pub(crate) fn single(self) -> &'static str {
        match self {
            GroupKind::Domain => "domain",
            GroupKind::Region => "region",
            GroupKind::Tag => "tag",
        }
    }
}

impl Site {
    /// The full address of a site path (`/repo/a/` → `https://x.github.io/repo/a/`), or the
    /// path itself when `base_url` is only a path.
    pub(crate) fn permalink(&self, url: &str) -> String {
        let base = self.config.base_url.trim_end_matches('/');
        let path = self.config.base_path().trim_end_matches('/');
        let rest = url.strip_prefix(path).unwrap_or(url);
        // Links inside the site keep letters of any script as they are; an address given
        // to other programs (feeds, sitemap, canonical link, API) is plain ASCII.
        if base.starts_with("http") {
            ascii_url(&format!("{}{rest}", base))
        } else {
            ascii_url(url)
        }
    }

    /// A site path under the base path: `timeline/` → `/repo/timeline/`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_path())
    }

    /// Where a brief's source is edited (`edit_url` with the file's path from the repository
    /// root), when the site has an edit link.
    pub(crate) fn edit_url(&self, entry: &Entry) -> Option<String> {
        let pattern = self.config.edit_url.as_ref()?;
        let path = encode_path(&format!("{}{}", self.repo_prefix, entry.src.file));
        Some(pattern.replace("{path}", &path))
    }

    /// The page of a domain, region or tag.
    pub(crate) fn group_url(&self, kind: GroupKind, g: &Group) -> String {
        self.url(&format!("{}/{}/", kind.dir(), link_segment(&g.slug)))
    }

    /// Whether a timeline of `count` milestones has a page per year (`timeline_split`).
    pub(crate) fn timeline_split(&self, count: usize) -> bool {
        count > self.config.timeline_split
    }

    /// The folder of a timeline, of all domains (`None`) or one: `timeline/`,
    /// `timeline/<domain>/`; of one year of it, `timeline/2026/`, `timeline/<domain>/2026/`.
    pub(crate) fn timeline_dir(&self, domain: Option<DomainId>, year: Option<i32>) -> String {
        let mut dir = "timeline/".to_string();
        if let Some(d) = domain {
            dir.push_str(&self.domains[d].key);
            dir.push('/');
        }
        if let Some(y) = year {
            dir.push_str(&format!("{y}/"));
        }
        dir
    }

    /// Where a milestone is on the timeline of all domains: `/timeline/#m-a-1`, or, when that
    /// timeline has a page per year, `/timeline/2026/#m-a-1`.
    pub(crate) fn milestone_url(&self, m: &Milestone) -> String {
        let year = self
            .timeline_split(self.milestones.len())
            .then_some(m.date.year);
        format!("{}#{}", self.url(&self.timeline_dir(None, year)), m.anchor)
    }
}
