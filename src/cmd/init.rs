//! `briefing init DIR`: a new portal of one's own, as `zola init` and `hugo new site` make one:
//! `site.yaml` with example domains and regions, one example brief, the GitHub Pages and
//! pull-request workflows (which download a released `briefing` binary instead of compiling
//! Rust on every push), and `.gitignore`. Only into an empty or absent folder.

use std::path::Path;

use crate::diag::{Code, Diagnostic};

/// The release the scaffolded workflows download: this binary's own version.
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The repository whose releases they download: set by the release workflow when it builds the
/// binaries; a placeholder in a binary built elsewhere.
const RELEASE_REPO: &str = match option_env!("BRIEFING_RELEASE_REPO") {
    Some(repo) => repo,
    None => "OWNER/briefing",
};

const SITE_YAML: &str =
    "# The portal's settings; every one is described in briefing's docs/configuration.md.
title: 我的简报
description: 一句话说明本站关注什么。
# The Pages workflow passes the real address with --base-url.
base_url: https://example.github.io/
language: zh-CN
timezone: Asia/Shanghai
# Set by the Pages workflow from the repository it runs in (`--edit-url`); or write it here:
# edit_url: https://github.com/OWNER/REPO/edit/main/{path}

domains:
  - key: ecology
    name: 生态环境
    description: 大气、水和生态修复。
  - key: transport
    name: 交通
    description: 轨道、公路和机场。

regions:
  - {key: beijing, name: 北京}
  - {key: tianjin, name: 天津}
  - {key: hebei, name: 河北}

# A second place to publish, near readers in mainland China (`briefing publish server|bucket`,
# run by .github/workflows/mirror.yml once switched on; see briefing's docs/publishing.md):
# publish:
#   server:
#     target: deploy@203.0.113.5:/var/www/briefing/
#   bucket:
#     provider: Alibaba
#     endpoint: oss-cn-beijing.aliyuncs.com
#     name: my-briefing
# icp: 京ICP备00000000号

# Numbered editions (期): declare a serial, then write each edition in content/_editions/
# (see briefing's docs/content.md, \"Editions\"):
# serials:
#   - {key: weekly, name: 京津冀周报}

# The site in English too: each brief's translation beside it (x.en.md), at /en/
# (see briefing's docs/content.md, \"Translations\"):
# languages:
#   - {code: en, title: Beijing–Tianjin–Hebei Briefing}
";

const EXAMPLE: &str = "---
title: 示例简报：把这里换成真实的标题
date: {date}
domains: [transport]
regions: [beijing]
tags: [示例]
summary: 一句话摘要：发生了什么，涉及谁，有什么数字。
source: 来源名称
milestones:
  - date: {year}-H2
    title: 某项工程建成投运
    status: planned
figures:
  - {label: 示例指标, value: 100, unit: 公里, year: {year}}
---
用一两句话概括这条简报。字段的写法见 briefing 的编辑指南（docs/editing.md）。

## 要点

- 第一点
- 第二点
";

const GITIGNORE: &str = "/public/\n";

/// The Pages workflow of a content-only repository: download briefing, check, build, deploy.
const PAGES_YML: &str = r#"# Build the site with a released briefing binary and publish it on GitHub Pages.
# In the repository: Settings → Pages → Source: "GitHub Actions".
name: Publish to GitHub Pages

on:
  push:
    branches: [main]
  # Every hour: a brief scheduled for a time (`date: 2026-12-08 09:00`) appears within the
  # hour, and "today" on the timeline moves.
  schedule:
    - cron: "5 * * * *"
  workflow_dispatch:

# Every job gets only the rights it needs: building reads, deploying writes Pages.
permissions: {}

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where briefing's releases are, and which one to use.
  BRIEFING_REPO: {repo}
  BRIEFING_VERSION: v{version}

jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: read
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          # The whole history: briefs' last changes and milestones' 原定/已推迟 come from it.
          fetch-depth: 0
      - id: pages
        uses: actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0
{download}{photo_cache}{print_setup}      - name: Check the content
        run: ./briefing check --format github
      - name: Build the site
        # GitHub's values reach the script as environment variables, never as its text.
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
          BRANCH: ${{ github.ref_name }}
        run: >-
          ./briefing build --pdf
          --base-url "$BASE_URL/"
          --edit-url "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/edit/$BRANCH/{path}"
      - uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0
"#;

/// The pull-request check of a content-only repository: annotations and a preview artifact.
const PREVIEW_YML: &str = r#"# Check a pull request: errors appear on its changed lines, and the built site is attached as
# an artifact to download and look at. It never publishes anything.
name: Check the pull request

on:
  pull_request:

permissions:
  contents: read

env:
  BRIEFING_REPO: {repo}
  BRIEFING_VERSION: v{version}

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          # The whole history: briefs' last changes and milestones' 原定/已推迟 come from it.
          fetch-depth: 0
{download}      - name: Check the content
        run: ./briefing check --format github
      - name: Build a preview
        if: ${{ !cancelled() }}
        env:
          OWNER: ${{ github.repository_owner }}
          REPO_NAME: ${{ github.event.repository.name }}
        run: ./briefing build --future --format github --base-url "https://$OWNER.github.io/$REPO_NAME/"
      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2
        if: ${{ !cancelled() }}
        with:
          name: site-preview
          path: public
          if-no-files-found: ignore
"#;

/// The weekly link check of a content-only repository: one issue kept up to date.
const LINKS_YML: &str = r#"# Ask for every external address the briefs give, once a week, and keep one issue ("外部链接检查")
# up to date with the report.
name: Check external links

on:
  schedule:
    - cron: "30 1 * * 1" # Mondays, 09:30 Beijing time
  workflow_dispatch:

permissions: {}

env:
  BRIEFING_REPO: {repo}
  BRIEFING_VERSION: v{version}

jobs:
  links:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      issues: write
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          fetch-depth: 0
{download}      - name: Keep the answers of the last week
        uses: actions/cache@cdf6c1fa76f9f475f3d7449005a359c84ca0f306 # v5.0.3
        with:
          path: ~/.cache/briefing/links.json
          key: briefing-links-${{ github.run_id }}
          restore-keys: briefing-links-
      - name: Check the links
        run: ./briefing check --links > links-report.txt 2>&1 || true
      - name: Keep the report in one issue
        if: ${{ !cancelled() }}
        env:
          GH_TOKEN: ${{ github.token }}
          REPOSITORY: ${{ github.repository }}
        run: |
          title="外部链接检查"
          { echo '```text'; cat links-report.txt; echo '```'; } > links-issue.md
          number=$(gh issue list --repo "$REPOSITORY" --state open --search "$title in:title" --json number --jq '.[0].number // empty')
          if [ -n "$number" ]; then
            gh issue edit "$number" --repo "$REPOSITORY" --body-file links-issue.md
          else
            gh issue create --repo "$REPOSITORY" --title "$title" --body-file links-issue.md
          fi
"#;

/// The second host of a content-only repository: a server (rsync over SSH) and/or a bucket
/// (rclone), each switched on by a repository variable.
const MIRROR_YML: &str = r#"# Publish the site to a second host, near readers in mainland China: a server by rsync over
# SSH, an S3-compatible bucket behind a CDN (Aliyun OSS, Tencent COS, Huawei OBS) by rclone,
# or both. Where to is written in site.yaml (`publish:`); each target runs only when its
# repository variable is `true` (Settings → Secrets and variables → Actions → Variables:
# PUBLISH_SERVER, PUBLISH_BUCKET), with its keys from the repository's secrets.
name: Publish to a second host

on:
  push:
    branches: [main]
  schedule:
    - cron: "5 * * * *"
  workflow_dispatch:

permissions: {}

concurrency:
  group: mirror
  cancel-in-progress: false

env:
  BRIEFING_REPO: {repo}
  BRIEFING_VERSION: v{version}
  # rclone, pinned; checked against the checksums published with the release.
  RCLONE_VERSION: v1.68.2

jobs:
  publish:
    if: vars.PUBLISH_SERVER == 'true' || vars.PUBLISH_BUCKET == 'true'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          fetch-depth: 0
{download}{photo_cache}      - name: Build the site
        run: ./briefing build
      - name: Send it to the server
        if: vars.PUBLISH_SERVER == 'true'
        env:
          SSH_KEY: ${{ secrets.PUBLISH_SSH_KEY }}
          SSH_KNOWN_HOSTS: ${{ secrets.PUBLISH_SSH_KNOWN_HOSTS }}
        run: |
          install -d -m 700 ~/.ssh
          printf '%s\n' "$SSH_KEY" > ~/.ssh/publish_key
          chmod 600 ~/.ssh/publish_key
          printf '%s\n' "$SSH_KNOWN_HOSTS" > ~/.ssh/known_hosts
          RSYNC_RSH="ssh -i $HOME/.ssh/publish_key -o StrictHostKeyChecking=yes" ./briefing publish server
      - name: Install rclone
        if: vars.PUBLISH_BUCKET == 'true'
        run: |
          base="https://downloads.rclone.org/$RCLONE_VERSION"
          zip="rclone-$RCLONE_VERSION-linux-amd64.zip"
          curl -fsSLO "$base/$zip"
          curl -fsSL "$base/SHA256SUMS" -o rclone.sha256
          sha256sum --check --ignore-missing rclone.sha256
          unzip -q "$zip"
          sudo install -m 755 "rclone-$RCLONE_VERSION-linux-amd64/rclone" /usr/local/bin/rclone
      - name: Send it to the bucket
        if: vars.PUBLISH_BUCKET == 'true'
        env:
          RCLONE_S3_ACCESS_KEY_ID: ${{ secrets.PUBLISH_BUCKET_KEY_ID }}
          RCLONE_S3_SECRET_ACCESS_KEY: ${{ secrets.PUBLISH_BUCKET_SECRET }}
        run: ./briefing publish bucket
"#;

/// The step both workflows use to fetch the released binary, checked against the SHA-256
/// published beside it before it is run.
const DOWNLOAD_STEP: &str = "      - name: Download briefing and check its checksum
        env:
          GH_TOKEN: ${{ github.token }}
        run: |
          gh release download \"$BRIEFING_VERSION\" --repo \"$BRIEFING_REPO\" --pattern 'briefing-x86_64-unknown-linux-gnu.tar.gz*'
          sha256sum --check --strict briefing-x86_64-unknown-linux-gnu.tar.gz.sha256
          tar xzf briefing-x86_64-unknown-linux-gnu.tar.gz
";

/// The step the building workflows use to keep resized photos (and the history) between runs.
const PHOTO_CACHE_STEP: &str = "      - name: Keep resized photos between builds
        uses: actions/cache@cdf6c1fa76f9f475f3d7449005a359c84ca0f306 # v5.0.3
        with:
          path: ~/.cache/briefing
          key: briefing-photos-${{ hashFiles('content/**/*.jpg', 'content/**/*.jpeg', 'content/**/*.png', 'content/**/*.webp') }}
          restore-keys: briefing-photos-
";

/// The steps the Pages workflow takes to print the editions (`build --pdf`): the printed
/// PDFs kept between runs, and a Chinese font when the site has editions.
const PRINT_SETUP: &str = "      - name: Keep printed editions between builds
        # A new key each run keeps the newest PDFs; an edition whose print view did not
        # change is not printed again.
        uses: actions/cache@cdf6c1fa76f9f475f3d7449005a359c84ca0f306 # v5.0.3
        with:
          path: ~/.cache/briefing/pdf
          key: briefing-pdf-${{ github.run_id }}
          restore-keys: briefing-pdf-
      - name: Chinese fonts for the editions' PDFs
        # The runner's Google Chrome prints the editions (build --pdf finds it on PATH);
        # without a CJK font, Chinese would print as boxes.
        if: hashFiles('content/_editions/**') != ''
        run: sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends fonts-noto-cjk
";

/// A workflow with its placeholders filled.
fn workflow(text: &str) -> String {
    text.replace("{download}", DOWNLOAD_STEP)
        .replace("{photo_cache}", PHOTO_CACHE_STEP)
        .replace("{print_setup}", PRINT_SETUP)
        .replace("{version}", VERSION)
        .replace("{repo}", RELEASE_REPO)
}

/// The files of a new site, by path.
pub(crate) fn files(today: crate::date::Date) -> Vec<(String, String)> {
    let year = today.year.to_string();
    vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (
            format!("content/{year}/example.md"),
            EXAMPLE
                .replace("{date}", &today.to_string())
                .replace("{year}", &year),
        ),
        (".gitignore".into(), GITIGNORE.into()),
        (".github/workflows/pages.yml".into(), workflow(PAGES_YML)),
        (
            ".github/workflows/preview.yml".into(),
            workflow(PREVIEW_YML),
        ),
        (".github/workflows/links.yml".into(), workflow(LINKS_YML)),
        (".github/workflows/mirror.yml".into(), workflow(MIRROR_YML)),
    ]
}

/// Create the site in `dir`; returns the files written.
pub(crate) fn init(dir: &Path) -> Result<Vec<String>, Vec<Diagnostic>> {
    let shown = dir.display().to_string();
    // A link (dangling or not) is not followed: init writes only where it was told to.
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(vec![
            Diagnostic::argument(
                Code::FileExists,
                "<dir>",
                format!("`{shown}` is a symbolic link"),
            )
            .help("briefing init writes only into a new or empty real folder; give the folder the link points to, or another name"),
        ]);
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(vec![
                Diagnostic::argument(
                    Code::FileExists,
                    "<dir>",
                    format!("`{shown}` is not an empty folder"),
                )
                .help("briefing init only writes into a new or empty folder; choose another name"),
            ]);
        }
    }
    let today = crate::date::today_in(
        &jiff::tz::TimeZone::get(crate::load::config::DEFAULT_TIMEZONE)
            .unwrap_or(jiff::tz::TimeZone::UTC),
    );
    let files = files(today);
    for (path, text) in &files {
        let full = dir.join(path);
        let written = full
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&full, text));
        if let Err(e) = written {
            return Err(vec![Diagnostic::error(
                Code::WriteFailed,
                full.display().to_string(),
                format!("cannot write the file: {e}"),
            )]);
        }
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// What `init` says when it is done.
pub(crate) fn report(dir: &Path, files: &[String]) -> String {
    format!(
        "created a new site in {}:\n{}\nnext: cd into it and run `briefing serve`; push it to GitHub and set Settings → Pages → Source to \"GitHub Actions\"{}",
        dir.display(),
        files
            .iter()
            .map(|f| format!("  {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
        if RELEASE_REPO.starts_with("OWNER/") {
            "; set BRIEFING_REPO in the two workflows to the repository with briefing's releases"
        } else {
            ""
        }
    )
}
