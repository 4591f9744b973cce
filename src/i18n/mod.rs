//! The words of the public pages, in English and Welsh, standard and easy read.
//!
//! Every string a member of the public reads comes from a translation file here, embedded in
//! the binary with `include_str!` so that the service is self-contained. The files use the
//! message syntax of Project Fluent (`.ftl`), restricted to what these pages need: messages
//! `key = value`, values continued on indented lines (each line is a paragraph or, in easy
//! read, one idea), `# comments`, and variables written `{ $name }`. No selectors: Welsh
//! plurals and mutations are avoided by wording (numbers come before nouns that do not change,
//! names of organisations are not mutated), which keeps the files plain for translators.
//!
//! Easy read files hold only what differs from the standard files of the same language; a
//! lookup in easy read falls back to the standard text. The tests below make sure that every
//! key is in both languages, that every key the templates and handlers use exists, and that
//! every stage of every kind of case has its own text in English, Welsh and easy read.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use crate::domain::{CaseKind, CaseStage};

/// A language of the public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    English,
    Welsh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::English, Lang::Welsh];

    /// The BCP 47 code, for `<html lang>`, cookies and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::English => "en",
            Lang::Welsh => "cy",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::English),
            "cy" => Some(Lang::Welsh),
            _ => None,
        }
    }

    /// The language's name in itself, as a language switch shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::English => "English",
            Lang::Welsh => "Cymraeg",
        }
    }

    /// The other language (the one a switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::English => Lang::Welsh,
            Lang::Welsh => Lang::English,
        }
    }

    /// The same, as the database's `language` enum.
    pub fn as_domain(self) -> crate::domain::vocab::Language {
        match self {
            Lang::English => crate::domain::vocab::Language::English,
            Lang::Welsh => crate::domain::vocab::Language::Welsh,
        }
    }

    pub fn from_domain(l: crate::domain::vocab::Language) -> Lang {
        match l {
            crate::domain::vocab::Language::English => Lang::English,
            crate::domain::vocab::Language::Welsh => Lang::Welsh,
        }
    }
}

/// One translation file, parsed.
#[derive(Debug, Default)]
struct Catalogue {
    messages: HashMap<String, String, std::hash::BuildHasherDefault<Fnv>>,
}

/// FNV-1a, for the catalogues' keys: short names written by us, not by a visitor, so a
/// keyed hash (the default, which resists chosen collisions) buys nothing, and a page looks
/// up dozens of them.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The four files, in the order of [`index`].
const SOURCES: [(&str, &str); 4] = [
    ("en.ftl", include_str!("en.ftl")),
    ("cy.ftl", include_str!("cy.ftl")),
    ("en-easy.ftl", include_str!("en-easy.ftl")),
    ("cy-easy.ftl", include_str!("cy-easy.ftl")),
];

fn index(lang: Lang, easy: bool) -> usize {
    match (lang, easy) {
        (Lang::English, false) => 0,
        (Lang::Welsh, false) => 1,
        (Lang::English, true) => 2,
        (Lang::Welsh, true) => 3,
    }
}

fn catalogues() -> &'static [Catalogue; 4] {
    static CATALOGUES: OnceLock<[Catalogue; 4]> = OnceLock::new();
    CATALOGUES.get_or_init(|| {
        SOURCES.map(|(name, text)| {
            let (catalogue, errors) = parse(text);
            for e in errors {
                tracing::error!(file = name, error = %e, "translation file line ignored");
            }
            catalogue
        })
    })
}

/// Parses the Fluent subset described in the module documentation. Lines that do not fit are
/// reported and skipped (the tests require there to be none).
fn parse(text: &str) -> (Catalogue, Vec<String>) {
    let mut catalogue = Catalogue::default();
    let mut errors = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    let mut finish = |current: &mut Option<(String, Vec<String>)>, errors: &mut Vec<String>| {
        if let Some((key, lines)) = current.take() {
            let value = lines.join("\n");
            if value.is_empty() {
                errors.push(format!("{key} has no value"));
            } else if catalogue.messages.insert(key.clone(), value).is_some() {
                errors.push(format!("{key} is defined twice"));
            }
        }
    };
    for (n, line) in text.lines().enumerate() {
        if line.starts_with(' ') && current.is_some() {
            let continued = line.trim();
            if !continued.is_empty()
                && let Some((_, lines)) = current.as_mut()
            {
                lines.push(continued.to_owned());
            }
            continue;
        }
        finish(&mut current, &mut errors);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match line.split_once('=') {
            Some((key, value))
                if !key.trim().is_empty()
                    && key
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                let value = value.trim();
                let lines = if value.is_empty() {
                    Vec::new()
                } else {
                    vec![value.to_owned()]
                };
                current = Some((key.trim().to_owned(), lines));
            }
            _ => errors.push(format!("line {}: not a message: {line}", n + 1)),
        }
    }
    finish(&mut current, &mut errors);
    (catalogue, errors)
}

/// Replaces `{ $name }` placeholders with their values (values are plain text; the
/// templates escape the result).
fn substitute(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{ ${name} }}"), value);
    }
    out
}

/// The words of one page: a language, and whether the reader asked for easy read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tr {
    pub lang: Lang,
    pub easy: bool,
}

impl Tr {
    pub fn new(lang: Lang, easy: bool) -> Self {
        Self { lang, easy }
    }

    fn lookup(&self, key: &str) -> Option<&'static str> {
        let all = catalogues();
        if self.easy
            && let Some(v) = all[index(self.lang, true)].messages.get(key)
        {
            return Some(v.as_str());
        }
        all[index(self.lang, false)]
            .messages
            .get(key)
            .map(String::as_str)
    }

    /// Whether the key has words in this language (or its easy read).
    pub fn has(&self, key: &str) -> bool {
        self.lookup(key).is_some()
    }

    /// The words for a key. A key with no words shows as an ellipsis, which the tests forbid.
    pub fn t(&self, key: &str) -> &'static str {
        match self.lookup(key) {
            Some(v) => v,
            None => {
                // The tests make sure no key the pages use is missing.
                tracing::error!(key, lang = self.lang.code(), "no translation");
                "…"
            }
        }
    }

    /// The words for a key with its `{ $name }` variables filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        substitute(self.t(key), args)
    }

    /// The lines of a message: each is a paragraph (one idea, in easy read).
    pub fn lines(&self, key: &str) -> Vec<&'static str> {
        self.t(key).split('\n').collect()
    }

    /// The lines of a message with its variables filled in.
    pub fn f_lines(&self, key: &str, args: &[(&str, &str)]) -> Vec<String> {
        self.f(key, args).split('\n').map(str::to_owned).collect()
    }

    /// A date as GOV.UK writes it, in this language: "29 April 2026", "29 Ebrill 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        format!(
            "{} {} {}",
            date.day(),
            self.t(&format!("month-{}", date.month())),
            date.year()
        )
    }

    /// A moment as a time of day in the UK: "3:45pm", "3:45yh".
    pub fn time(&self, at: DateTime<Utc>) -> String {
        let local = uk_local(at);
        let (pm, hour) = local.hour12();
        format!(
            "{hour}:{:02}{}",
            local.minute(),
            self.t(if pm { "time-pm" } else { "time-am" })
        )
    }

    /// The key of a stage's words (`part` is `title`, `now` or `next`) for a kind of case.
    /// Conduct and DSI matters have no complainant, so the people kept informed about them
    /// read words about "the matter" rather than "your complaint".
    pub fn stage_key(kind: CaseKind, stage: CaseStage, part: &str) -> (String, String) {
        let general = format!("stage-{}-{part}", stage.as_str());
        let specific = match kind {
            CaseKind::Complaint => general.clone(),
            CaseKind::ConductMatter | CaseKind::DsiMatter => format!("{general}-matter"),
        };
        (specific, general)
    }

    /// The words of a stage, as lines.
    pub fn stage(&self, kind: CaseKind, stage: CaseStage, part: &str) -> Vec<&'static str> {
        let (specific, general) = Self::stage_key(kind, stage, part);
        if self.has(&specific) {
            self.lines(&specific)
        } else {
            self.lines(&general)
        }
    }
}

/// The time in the UK: GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday of March to
/// 01:00 UTC on the last Sunday of October.
pub fn uk_local(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
        let last = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?
        .pred_opt()?;
        let back = last.weekday().num_days_from_sunday();
        last.checked_sub_days(chrono::Days::new(u64::from(back)))
    }
    let year = at.year();
    let summer = match (last_sunday(year, 3), last_sunday(year, 10)) {
        (Some(start), Some(end)) => {
            let start = start.and_hms_opt(1, 0, 0).map(|d| d.and_utc());
            let end = end.and_hms_opt(1, 0, 0).map(|d| d.and_utc());
            matches!((start, end), (Some(s), Some(e)) if at >= s && at < e)
        }
        _ => false,
    };
    let offset = if summer { 1 } else { 0 };
    (at + chrono::Duration::hours(offset)).naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::case::TABLE;
    use std::collections::BTreeSet;

    fn keys(i: usize) -> BTreeSet<String> {
        catalogues()[i].messages.keys().cloned().collect()
    }

    #[test]
    fn every_translation_file_parses_without_errors() {
        for (name, text) in SOURCES {
            let (catalogue, errors) = parse(text);
            assert!(errors.is_empty(), "{name}: {errors:?}");
            assert!(!catalogue.messages.is_empty(), "{name} is empty");
        }
    }

    #[test]
    fn every_key_exists_in_english_and_welsh() {
        let (en, cy) = (keys(0), keys(1));
        let missing_cy: Vec<_> = en.difference(&cy).collect();
        let missing_en: Vec<_> = cy.difference(&en).collect();
        assert!(missing_cy.is_empty(), "missing from cy.ftl: {missing_cy:?}");
        assert!(missing_en.is_empty(), "missing from en.ftl: {missing_en:?}");
        let (en_easy, cy_easy) = (keys(2), keys(3));
        let missing: Vec<_> = en_easy.symmetric_difference(&cy_easy).collect();
        assert!(
            missing.is_empty(),
            "en-easy.ftl and cy-easy.ftl differ: {missing:?}"
        );
        let stray: Vec<_> = en_easy.difference(&en).collect();
        assert!(
            stray.is_empty(),
            "easy read keys with no standard text: {stray:?}"
        );
    }

    #[test]
    fn variables_are_the_same_in_every_language() {
        let vars = |v: &str| -> BTreeSet<String> {
            v.split("{ $")
                .skip(1)
                .filter_map(|rest| rest.split_once(" }").map(|(name, _)| name.to_owned()))
                .collect()
        };
        let all = catalogues();
        for (key, en) in &all[0].messages {
            for i in 1..4 {
                if let Some(other) = all[i].messages.get(key) {
                    assert_eq!(vars(en), vars(other), "{key} in {}", SOURCES[i].0);
                }
            }
        }
    }

    /// The stages a kind of case can be in: every stage the case machine's table can move a
    /// case of that kind to, step by step from the first.
    fn stages_of(kind: CaseKind) -> BTreeSet<CaseStage> {
        let mut stages = BTreeSet::from([crate::workflow::case::INITIAL]);
        loop {
            let before = stages.len();
            for row in TABLE.iter().filter(|r| r.kinds.contains(&kind)) {
                if row.from.iter().any(|f| stages.contains(f)) {
                    stages.insert(row.to);
                }
            }
            if stages.len() == before {
                return stages;
            }
        }
    }

    #[test]
    fn every_stage_of_every_kind_of_case_has_words_in_english_welsh_and_easy_read() {
        let mut missing = Vec::new();
        for kind in CaseKind::ALL {
            let stages = stages_of(*kind);
            assert!(stages.len() >= 8, "{kind:?} has {} stages", stages.len());
            for stage in stages {
                for part in ["title", "now", "next"] {
                    let (specific, _) = Tr::stage_key(*kind, stage, part);
                    for (i, (name, _)) in SOURCES.iter().enumerate() {
                        if !catalogues()[i].messages.contains_key(&specific) {
                            missing.push(format!("{name}: {specific}"));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "stages without words:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn a_stage_without_words_is_noticed() {
        // The check above reads the same catalogues it would read for a real page: a key that
        // is not there is reported, not papered over.
        let (specific, _) = Tr::stage_key(CaseKind::Complaint, CaseStage::Closed, "nonsense");
        assert!(!catalogues()[0].messages.contains_key(&specific));
        assert!(!Tr::new(Lang::English, false).has(&specific));
    }

    #[test]
    fn every_outcome_and_response_has_words() {
        for o in crate::domain::vocab::AllegationOutcome::ALL {
            for lang in Lang::ALL {
                assert!(Tr::new(lang, false).has(&format!("outcome-{}", o.as_str())));
            }
        }
        for r in crate::domain::vocab::RecommendationResponse::ALL {
            for lang in Lang::ALL {
                assert!(Tr::new(lang, false).has(&format!("published-response-{}", r.as_str())));
            }
        }
        for s in crate::domain::vocab::ReviewStage::ALL {
            for lang in Lang::ALL {
                assert!(Tr::new(lang, false).has(&format!("review-stage-{}", s.as_str())));
            }
        }
    }

    /// Every literal key the public templates and handlers ask for exists in both languages.
    #[test]
    fn every_key_used_by_the_public_pages_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["templates/public", "src/web/public"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("directory") {
                files.push(entry.expect("entry").path());
            }
        }
        let mut used = BTreeSet::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("readable");
            for call in [".t(\"", ".f(\"", ".lines(\"", ".f_lines(\""] {
                for part in text.split(call).skip(1) {
                    if let Some((key, _)) = part.split_once('"')
                        && !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        used.insert(key.to_owned());
                    }
                }
            }
        }
        assert!(used.len() > 50, "found only {} keys", used.len());
        for lang in Lang::ALL {
            let missing: Vec<_> = used
                .iter()
                .filter(|k| !Tr::new(lang, false).has(k))
                .collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn dates_are_written_the_govuk_way_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 29).expect("date");
        assert_eq!(Tr::new(Lang::English, false).date(d), "29 April 2026");
        assert_eq!(Tr::new(Lang::Welsh, false).date(d), "29 Ebrill 2026");
        let d = NaiveDate::from_ymd_opt(2026, 2, 1).expect("date");
        assert_eq!(Tr::new(Lang::Welsh, true).date(d), "1 Chwefror 2026");
    }

    #[test]
    fn times_are_uk_local_time() {
        let winter = "2026-01-15T15:05:00Z"
            .parse::<DateTime<Utc>>()
            .expect("time");
        assert_eq!(Tr::new(Lang::English, false).time(winter), "3:05pm");
        let summer = "2026-07-15T09:30:00Z"
            .parse::<DateTime<Utc>>()
            .expect("time");
        assert_eq!(Tr::new(Lang::English, false).time(summer), "10:30am");
        assert_eq!(Tr::new(Lang::Welsh, false).time(summer), "10:30yb");
        // BST starts at 01:00 UTC on the last Sunday of March (29 March 2026).
        let before = "2026-03-29T00:59:00Z"
            .parse::<DateTime<Utc>>()
            .expect("time");
        let after = "2026-03-29T01:00:00Z"
            .parse::<DateTime<Utc>>()
            .expect("time");
        assert_eq!(uk_local(before).hour(), 0);
        assert_eq!(uk_local(after).hour(), 2);
    }

    #[test]
    fn easy_read_falls_back_to_standard_words_and_keeps_one_idea_a_line() {
        let easy = Tr::new(Lang::English, true);
        assert_eq!(easy.t("lookup-submit"), "Continue");
        let lines = easy.stage(CaseKind::Complaint, CaseStage::UnderInvestigation, "now");
        assert!(lines.len() >= 2, "{lines:?}");
        for line in lines {
            assert!(line.split(". ").count() <= 1, "one sentence a line: {line}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let tr = Tr::new(Lang::Welsh, false);
        assert_eq!(tr.f("allegation-number", &[("number", "2")]), "Honiad 2");
    }
}
