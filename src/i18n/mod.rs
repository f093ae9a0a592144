//! Interface strings: every word the templates show that is not content.
//!
//! The built-in table below is Simplified Chinese. A site overrides any entry with
//! `strings:` in `site.yaml` (unknown keys are an error with a "did you mean"), so the same
//! templates serve a site in another language. Templates read them as `t.<key>`. Entries with
//! `{year}`, `{month}`, `{day}` or `{n}` are patterns filled in by the generator.

use std::collections::BTreeMap;

use crate::date::{Date, FuzzyDate, Precision};

mod en;

/// The built-in strings, key → Simplified Chinese text.
const BUILTIN: &[(&str, &str)] = &[
    ("skip_link", "跳到正文"),
    ("colon", "："),
    ("paren_l", "（"),
    ("paren_r", "）"),
    ("year_suffix", "年"),
    ("list_sep", "；"),
    ("language_name", "中文"),
    ("language_switch", "语言"),
    (
        "translation_outdated",
        "译文可能过时：原文在翻译之后有过修改。",
    ),
    ("untranslated", "另有 {n} 篇简报尚无本语言版本。"),
    ("nav_label", "主导航"),
    ("nav_home", "首页"),
    ("nav_articles", "全部简报"),
    ("nav_domains", "领域"),
    ("nav_regions", "地区"),
    ("nav_tags", "标签"),
    ("nav_timeline", "时间线"),
    ("nav_figures", "数说京津冀"),
    ("nav_about", "关于"),
    ("breadcrumb_label", "当前位置"),
    ("latest", "最新简报"),
    ("all_articles", "全部简报"),
    ("key_figures", "关键数据"),
    ("upcoming_milestones", "接下来的节点"),
    ("recent_milestones", "最近完成"),
    ("article_count", "{n} 篇简报"),
    ("latest_label", "最新："),
    ("view_all", "查看全部"),
    ("published", "发布日期"),
    ("updated", "更新于"),
    ("corrections", "更正"),
    ("correction_on", "{date}更正"),
    ("source", "来源"),
    ("author", "作者"),
    ("reading_time", "阅读时间约 {n} 分钟"),
    ("toc", "目录"),
    ("article_figures", "关键数据"),
    ("figure_quote", "原文"),
    ("article_milestones", "进展节点"),
    ("related", "相关简报"),
    ("backlinks", "被以下简报引用"),
    ("prev", "上一篇"),
    ("next", "下一篇"),
    ("domain", "领域"),
    ("domains", "领域"),
    ("region", "地区"),
    ("regions", "地区"),
    ("tag", "标签"),
    ("tags", "标签"),
    ("status_done", "已完成"),
    ("status_in_progress", "进行中"),
    ("status_planned", "计划中"),
    ("status_overdue", "待更新"),
    ("overdue_hint", "计划时间已过，有待编辑确认"),
    ("postponed", "已推迟"),
    ("first_promised", "原定{date}"),
    ("change_date", "{noted}：时间由{from}改为{to}"),
    ("change_status", "{noted}：状态由{from}改为{to}"),
    ("milestone_history", "变更记录"),
    ("moved_to", "本页已迁至："),
    (
        "scheduled_banner",
        "未发布：这篇简报还没到发布时间，只在预览中可见。",
    ),
    ("changes_title", "最近更新"),
    (
        "changes_intro",
        "新发布的简报、更新与更正，以及进展节点的完成、推迟和调整，按日期由近及远排列。",
    ),
    ("changes_empty", "还没有更新。"),
    ("changes_feed", "订阅最近更新（Atom）"),
    ("change_new", "新简报"),
    ("change_updated", "更新"),
    ("change_corrected", "更正"),
    ("change_done", "节点完成"),
    ("change_postponed", "节点推迟"),
    ("change_moved", "节点调整"),
    ("since_visit", "自您上次访问以来："),
    ("since_none", "自您上次访问以来，本站没有新的变化。"),
    ("since_new", "{n} 篇新简报"),
    ("since_done", "{n} 个节点完成"),
    ("since_postponed", "{n} 个推迟"),
    ("since_corrected", "{n} 处更正"),
    ("nav_editions", "往期"),
    ("editions_title", "往期"),
    (
        "editions_intro",
        "按期出版的简报合集：每期有编号、日期、编者按和按编辑顺序排列的目录。",
    ),
    ("editions_none", "还没有出版的期次。"),
    ("edition_number", "第{n}期"),
    ("edition_count", "本期 {n} 篇"),
    ("edition_contents", "本期目录"),
    ("edition_note", "编者按"),
    ("edition_in", "本文刊于"),
    ("edition_prev", "上一期"),
    ("edition_next", "下一期"),
    ("edition_print", "打印版"),
    ("edition_pdf", "下载 PDF"),
    ("edition_feed", "订阅本刊（Atom）"),
    ("print_hint", "用浏览器打印本页（A4），或另存为 PDF。"),
    ("print_contents", "目录"),
    ("print_links", "文中链接"),
    ("digest_since", "近期简报"),
    ("digest_read", "阅读全文"),
    ("digest_references", "文中链接"),
    (
        "digest_footer",
        "本邮件由 briefing 生成；简报为摘编整理，事实与数据以原始来源为准。",
    ),
    ("today", "今天"),
    ("timeline_all", "全部领域"),
    ("timeline_filter", "按领域筛选"),
    ("timeline_on", "在时间线上查看"),
    ("timeline_years", "按年份浏览"),
    ("timeline_near_today", "今天前后"),
    (
        "timeline_split_note",
        "节点较多，按年份分页。这里是今天前后的节点，其余请按年份查看。",
    ),
    ("milestone_count", "{n} 个节点"),
    ("feed", "订阅更新（Atom）"),
    ("pagination", "分页"),
    ("page_n", "第 {n} 页"),
    ("prev_page", "上一页"),
    ("next_page", "下一页"),
    ("not_found_title", "页面未找到"),
    (
        "not_found_text",
        "您访问的页面不存在或已移动。可以从首页或各领域页面继续浏览。",
    ),
    ("back_home", "返回首页"),
    ("no_articles", "暂无简报"),
    ("no_milestones", "暂无进展节点"),
    ("figure_source", "出处"),
    ("figure_value", "数值"),
    ("figure_label", "指标"),
    ("figure_year", "年份"),
    (
        "footer_note",
        "本站简报为摘编整理，事实与数据以原始来源为准。",
    ),
    ("generated_by", "由 briefing 生成"),
    ("edit_page", "编辑本页"),
    ("progress_title", "进展一览"),
    ("next_due", "接下来到期"),
    ("series_title", "数据变化"),
    ("chart_data", "数据"),
    ("search_label", "搜索简报"),
    ("search_placeholder", "搜索简报"),
    ("search_button", "搜索"),
    ("search_title", "搜索"),
    (
        "search_hint",
        "查找标题、标签、领域、地区、摘要和正文中含有所输字词的简报；多个词用空格分开，须同时包含。",
    ),
    (
        "search_empty",
        "请输入要查找的字词，例如地名、工程名称或数字。",
    ),
    ("search_searching", "正在搜索…"),
    ("search_count", "找到 {n} 篇含有“{q}”的简报"),
    (
        "search_none",
        "没有简报含有“{q}”。可以换个说法，或按领域、标签浏览。",
    ),
    (
        "search_failed",
        "搜索索引未能加载，请稍后再试，或按领域、标签浏览。",
    ),
    (
        "search_noscript",
        "搜索需要浏览器启用 JavaScript。也可以按领域或标签浏览全部简报：",
    ),
    ("search_filter_domain", "领域"),
    ("search_filter_year", "年份"),
    ("search_filter_all", "全部"),
    ("search_filter_apply", "筛选"),
    ("theme_label", "外观"),
    ("date_year", "{year}年"),
    ("date_half1", "{year}年上半年"),
    ("date_half2", "{year}年下半年"),
    ("date_q1", "{year}年第一季度"),
    ("date_q2", "{year}年第二季度"),
    ("date_q3", "{year}年第三季度"),
    ("date_q4", "{year}年第四季度"),
    ("date_month", "{year}年{month}月"),
    ("date_day", "{year}年{month}月{day}日"),
    ("month_1", "1月"),
    ("month_2", "2月"),
    ("month_3", "3月"),
    ("month_4", "4月"),
    ("month_5", "5月"),
    ("month_6", "6月"),
    ("month_7", "7月"),
    ("month_8", "8月"),
    ("month_9", "9月"),
    ("month_10", "10月"),
    ("month_11", "11月"),
    ("month_12", "12月"),
];

/// The keys of the months' names.
const MONTHS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
    "month_9", "month_10", "month_11", "month_12",
];

/// Interface strings, defaults merged with a site's overrides.
#[derive(Debug, Clone)]
pub(crate) struct Strings {
    map: BTreeMap<String, String>,
}

impl Strings {
    pub(crate) fn builtin() -> Strings {
        Strings::table(BUILTIN)
    }

    /// The built-in strings of `language` (a BCP 47 tag): English for `en…`, else Chinese.
    pub(crate) fn builtin_for(language: &str) -> Strings {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        match primary.eq_ignore_ascii_case("en") {
            true => Strings::table(en::BUILTIN),
            false => Strings::builtin(),
        }
    }

    fn table(entries: &[(&str, &str)]) -> Strings {
        Strings {
            map: (entries.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    pub(crate) fn set(&mut self, key: &str, value: String) {
        self.map.insert(key.to_string(), value);
    }

    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }

    pub(crate) fn map(&self) -> &BTreeMap<String, String> {
        &self.map
    }

    /// Fill `{name}` placeholders of entry `key`.
    pub(crate) fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in args {
            let placeholder = format!("{{{name}}}");
            if s.contains(&placeholder) {
                s = s.replace(&placeholder, value);
            }
        }
        s
    }

    /// `2026年6月10日`, `June 10, 2026`
    pub(crate) fn date(&self, d: Date) -> String {
        let pattern = self.get("date_day");
        // Only a pattern that names the month (English) looks its name up.
        let name = match pattern.contains("{month_name}") {
            true => self.get(MONTHS[(d.month as usize).clamp(1, 12) - 1]),
            false => "",
        };
        self.format(
            "date_day",
            &[
                ("year", &d.year.to_string()),
                ("month", &d.month.to_string()),
                ("month_name", name),
                ("day", &d.day.to_string()),
            ],
        )
    }

    /// A period as people write it: `2026年下半年`, `2026年第一季度`, `2026年5月`.
    pub(crate) fn fuzzy(&self, f: FuzzyDate) -> String {
        let year = f.year.to_string();
        match f.precision {
            Precision::Year => self.format("date_year", &[("year", &year)]),
            Precision::Half(h) => self.format(&format!("date_half{h}"), &[("year", &year)]),
            Precision::Quarter(q) => self.format(&format!("date_q{q}"), &[("year", &year)]),
            Precision::Month(m) => self.format(
                "date_month",
                &[
                    ("year", &year),
                    ("month", &m.to_string()),
                    (
                        "month_name",
                        self.get(MONTHS[(m as usize).clamp(1, 12) - 1]),
                    ),
                ],
            ),
            Precision::Day(m, d) => self.date(Date {
                year: f.year,
                month: m,
                day: d,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_people_write_them() {
        let s = Strings::builtin();
        let cases = [
            ("2026", "2026年"),
            ("2026-H1", "2026年上半年"),
            ("2026-H2", "2026年下半年"),
            ("2026-Q1", "2026年第一季度"),
            ("2026-05", "2026年5月"),
            ("2026-05-09", "2026年5月9日"),
        ];
        for (code, shown) in cases {
            assert_eq!(s.fuzzy(FuzzyDate::parse(code).unwrap()), shown);
        }
    }

    #[test]
    fn english_has_every_key_and_reads_periods_as_english_does() {
        let zh: Vec<&str> = BUILTIN.iter().map(|(k, _)| *k).collect();
        let en: Vec<&str> = en::BUILTIN.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            zh, en,
            "the two tables have the same keys, in the same order"
        );
        let s = Strings::builtin_for("en-GB");
        let cases = [
            ("2026", "2026"),
            ("2026-H2", "H2 2026"),
            ("2026-Q1", "Q1 2026"),
            ("2026-05", "May 2026"),
            ("2026-05-09", "May 9, 2026"),
        ];
        for (code, shown) in cases {
            assert_eq!(s.fuzzy(FuzzyDate::parse(code).unwrap()), shown);
        }
        assert_eq!(Strings::builtin_for("zh-CN").get("nav_home"), "首页");
    }

    #[test]
    fn overrides_replace_defaults() {
        let mut s = Strings::builtin();
        s.set("date_half2", "H2 {year}".into());
        assert_eq!(s.fuzzy(FuzzyDate::parse("2026-H2").unwrap()), "H2 2026");
    }
}
