//! Which body of rules a case follows: the regulations of 2012 (cases that came to the
//! appropriate authority before 1 February 2020) or those of 2020.
//!
//! # Which regime
//!
//! The Police (Complaints and Misconduct) Regulations 2020 reg 2(2) keep the 2012 regulations
//! (SI 2012/1204) in force, and the 2020 ones out, where
//!
//! * (a) the complaint was made, or the conduct or DSI matter came to the attention of the
//!   appropriate authority, before 1 February 2020; or
//! * (b) a complaint or matter arising on or after that date relates to such a pre-commencement
//!   complaint or matter while that one is still being handled under Schedule 3.
//!
//! Reg 2(3) puts a re-investigation the Director General requires (PRA 2002 s.13B), and a
//! direction under s.28A, under the 2020 regulations whatever the dates; those are not
//! modelled here. The Police (Conduct) Regulations 2020 carry the same transitional rule for
//! proceedings (their own regulation number unverified), so one regime covers both sets.
//!
//! So a conduct matter re-recorded from a DSI matter (Sch 3 para 21A) follows the DSI matter's
//! regime: it relates to that matter, which is still being handled when it is re-recorded.
//! See [`Regime::for_related_matter`].
//!
//! # Citations
//!
//! The transition tables and the clocks cite the 2020 regulations. A legacy case shows the
//! 2012 ones instead: [`Regime::cite`] rewrites a citation part by part. Where the
//! corresponding 2012 provision could not be confirmed the part says so ("unverified"), rather
//! than citing a rule that did not govern the case.

use std::borrow::Cow;

use chrono::NaiveDate;

/// The rules a case is handled under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Regime {
    /// Police (Complaints and Misconduct) Regulations 2012 and Police (Conduct) Regulations
    /// 2012: the complaint or matter came to the authority before 1 February 2020.
    Legacy2012,
    /// Police (Complaints and Misconduct) Regulations 2020 and Police (Conduct) Regulations
    /// 2020.
    Current2020,
}

/// 1 February 2020, when the 2020 regulations came into force.
pub fn commencement() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 2, 1).unwrap_or(NaiveDate::MIN)
}

impl Regime {
    /// The regime of a case from its legacy flag (the database's spelling).
    pub const fn of_legacy(legacy: bool) -> Self {
        if legacy {
            Regime::Legacy2012
        } else {
            Regime::Current2020
        }
    }

    /// The legacy flag the database keeps.
    pub const fn is_legacy(self) -> bool {
        matches!(self, Regime::Legacy2012)
    }

    /// CMR 2020 reg 2(2)(a): the regime of a complaint made, or a matter that came to the
    /// appropriate authority's attention, on `came_to_attention_on`.
    pub fn for_matter(came_to_attention_on: NaiveDate) -> Self {
        Self::of_legacy(came_to_attention_on < commencement())
    }

    /// CMR 2020 reg 2(2)(b): a complaint or matter that came to the authority's attention on
    /// `came_to_attention_on` and relates to another complaint or matter (under `related`)
    /// still being handled under Schedule 3 when it arose. A matter related to a
    /// pre-commencement one stays under the 2012 regulations even when it arose later; one
    /// related to a 2020 matter, or arising before 1 February 2020, follows its own date.
    pub fn for_related_matter(came_to_attention_on: NaiveDate, related: Regime) -> Self {
        match related {
            Regime::Legacy2012 => Regime::Legacy2012,
            Regime::Current2020 => Self::for_matter(came_to_attention_on),
        }
    }

    /// The regulations, named for a page.
    pub const fn label(self) -> &'static str {
        match self {
            Regime::Legacy2012 => {
                "Police (Complaints and Misconduct) Regulations 2012 and Police (Conduct) Regulations 2012"
            }
            Regime::Current2020 => {
                "Police (Complaints and Misconduct) Regulations 2020 and Police (Conduct) Regulations 2020"
            }
        }
    }

    /// The source of the rule that decided the regime, for a page.
    pub const fn source(self) -> &'static str {
        "CMR 2020 reg 2(2)"
    }

    /// `source` (a citation of the 2020 rules, parts separated by "; ") as it reads on a case
    /// under this regime. A 2020 case's citation is unchanged.
    pub fn cite(self, source: &'static str) -> Cow<'static, str> {
        if self == Regime::Current2020 || !cites_2020_rules(source) {
            return Cow::Borrowed(source);
        }
        if let Some((_, legacy)) = LEGACY_CITATIONS.iter().find(|(now, _)| *now == source) {
            return Cow::Borrowed(legacy);
        }
        let mut parts: Vec<String> = Vec::new();
        for part in source.split("; ") {
            let legacy = legacy_part(part);
            if !parts.contains(&legacy) {
                parts.push(legacy);
            }
        }
        Cow::Owned(parts.join("; "))
    }
}

/// Whether a citation names the 2020 regulations (or the regulations without a year, which
/// in the tables means the 2020 ones).
fn cites_2020_rules(source: &str) -> bool {
    source.contains("CMR") || source.contains("PCR")
}

/// The 2012 provisions that correspond to the 2020 ones the tables cite, where known. The
/// numbers of SI 2012/1204 and SI 2012/2632 could not be checked against the text here, so
/// each is marked unverified.
const LEGACY_CITATIONS: &[(&str, &str)] = &[
    (
        "CMR 2020 reg 13; PCR 2020 reg 19",
        "CMR 2012 and PCR 2012 (progress of a long investigation; provision unverified)",
    ),
    (
        "CMR 2020 reg 34(2)(a)",
        "PRA 2002 s.20; CMR 2012 (keeping the complainant informed; provision unverified)",
    ),
    (
        "CMR 2020 reg 29",
        "CMR 2012 (appeal within 28 days; provision unverified)",
    ),
    (
        "CMR reg 29",
        "CMR 2012 (appeal within 28 days; provision unverified)",
    ),
    (
        "CMR 2020 reg 16",
        "CMR 2012 (assessment of seriousness; provision unverified)",
    ),
    (
        "CMR 2020 reg 17",
        "CMR 2012 (notice of investigation; provision unverified)",
    ),
    (
        "CMR 2020 regs 16, 17",
        "CMR 2012 (assessment of seriousness and notice; provisions unverified)",
    ),
    (
        "CMR 2020 regs 16-22",
        "CMR 2012 (special procedure; provisions unverified)",
    ),
    (
        "CMR 2020 reg 12",
        "CMR 2012 (suspension of an investigation; provision unverified)",
    ),
    (
        "CMR 2020 reg 38",
        "CMR 2012 (withdrawn complaints; provision unverified)",
    ),
    (
        "CMR 2020 reg 34",
        "CMR 2012 (notification of the outcome; provision unverified)",
    ),
    (
        "CMR reg 34",
        "CMR 2012 (notification of the outcome; provision unverified)",
    ),
    ("CMR reg 32", "CMR 2012 (appeal body; provision unverified)"),
    (
        "CMR 2020 reg 32",
        "CMR 2012 (appeal body; provision unverified)",
    ),
    (
        "CMR regs 4, 7",
        "CMR 2012 regs 4, 7 (referral; numbers unverified)",
    ),
    (
        "CMR 2020 regs 4, 7",
        "CMR 2012 regs 4, 7 (referral; numbers unverified)",
    ),
    (
        "CMR reg 7",
        "CMR 2012 (recording of conduct matters; provision unverified)",
    ),
    (
        "CMR 2020 reg 4",
        "CMR 2012 reg 4 (referral; number unverified)",
    ),
    (
        "PCR 2020 reg 31",
        "PCR 2012 (notice of referral to proceedings; provision unverified)",
    ),
    (
        "PCR 2020 regs 48, 52",
        "PCR 2012 (special case hearing; provisions unverified)",
    ),
    (
        "PCR 2020 reg 42",
        "PCR 2012 (notification of the outcome; provision unverified)",
    ),
    (
        "PCR 2020 (outcomes of proceedings)",
        "PCR 2012 (outcomes of proceedings; management advice, no reflective practice)",
    ),
    (
        "PCR 2020 (forms and outcomes of proceedings)",
        "PCR 2012 (forms and outcomes of proceedings)",
    ),
];

fn legacy_part(part: &str) -> String {
    if let Some((_, legacy)) = LEGACY_CITATIONS.iter().find(|(now, _)| *now == part) {
        return (*legacy).to_owned();
    }
    if part.contains("CMR") {
        "CMR 2012 (corresponding provision unverified)".to_owned()
    } else if part.contains("PCR") {
        "PCR 2012 (corresponding provision unverified)".to_owned()
    } else {
        part.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn cmr_2020_reg_2_2_a_a_matter_before_1_february_2020_follows_the_2012_rules() {
        assert_eq!(Regime::for_matter(d(2020, 1, 31)), Regime::Legacy2012);
        assert_eq!(Regime::for_matter(d(2020, 2, 1)), Regime::Current2020);
    }

    #[test]
    fn cmr_2020_reg_2_2_b_a_matter_related_to_a_pre_2020_one_follows_the_2012_rules() {
        // A DSI matter of November 2019 re-recorded as a conduct matter in June 2020.
        assert_eq!(
            Regime::for_related_matter(d(2020, 6, 1), Regime::Legacy2012),
            Regime::Legacy2012
        );
        assert_eq!(
            Regime::for_related_matter(d(2020, 6, 1), Regime::Current2020),
            Regime::Current2020
        );
    }

    #[test]
    fn a_legacy_case_cites_the_2012_regulations_and_never_the_2020_ones() {
        let legacy = Regime::Legacy2012;
        let cited = legacy.cite("CMR 2020 reg 13; PCR 2020 reg 19");
        assert!(
            cited.contains("CMR 2012") && cited.contains("PCR 2012"),
            "{cited}"
        );
        assert!(!cited.contains("2020"), "{cited}");
        // Parts that name the Act stay; unknown regulation parts are marked unverified.
        assert_eq!(
            legacy.cite("Sch 3 paras 6A, 25; CMR reg 29"),
            "Sch 3 paras 6A, 25; CMR 2012 (appeal within 28 days; provision unverified)"
        );
        assert_eq!(
            legacy.cite("CMR 2020 reg 99"),
            "CMR 2012 (corresponding provision unverified)"
        );
        assert_eq!(legacy.cite("Sch 3 para 22"), "Sch 3 para 22");
        assert_eq!(
            Regime::Current2020.cite("CMR 2020 reg 29"),
            "CMR 2020 reg 29"
        );
    }
}
