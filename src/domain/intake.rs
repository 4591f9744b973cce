//! The raw input of the intake forms (logging a new case; adding to a case's contact and
//! evidence logs) and its parsing into domain values. Pure: no I/O.
//!
//! Parse, don't validate: a form arrives as strings ([`RawCase`], [`RawContact`],
//! [`RawEvidence`]) and becomes a [`NewCase`], [`NewContact`] or [`NewEvidence`], or a list of
//! [`Problem`]s in the order of the form's fields, each naming the element it concerns so that
//! the page can show the message beside it and link to it from the error summary. What the
//! parse needs from outside (today's date, the allegation categories on offer, the people of
//! the case) comes in as plain data.
//!
//! The rules, and where they come from:
//!
//! * A complaint has a complainant (PRA 2002 s.12(1)); the way they prefer to be contacted
//!   must be usable: email needs an email address, post an address, telephone a number (the
//!   same rule as the `person_contact_method_has_detail` check of the schema).
//! * A complaint or a conduct matter holds one or more allegations, each with exactly one
//!   category (IOPC data-capture guidance); a DSI matter may have none when it is logged.
//!   Where the category has sub-categories, the allegation may take one, which must be a
//!   sub-category of that category (the IOPC counts finalised allegations by sub-category;
//!   the schema's `allegation_subcategory_fkey` holds the same rule). A sub-category chosen
//!   without a category gives the allegation its category.
//! * A DSI matter says whether it is a death or a serious injury and whether it followed
//!   arrest or custody or other contact with the police (PRA 2002 s.12(2A)).
//! * A conduct matter says how it came to light, there being no complainant (s.12(2)).
//! * Dates that must have happened (received, incident, date of birth, contact, evidence
//!   received) cannot be in the future, and a complaint cannot be received before the
//!   incident it is about, nor a contact made before the case was received.
//! * Every text has a maximum length ([`limits`]), and no control characters (PostgreSQL
//!   refuses some of them, and none of them belongs in a name or a summary).

use chrono::NaiveDate;

use crate::domain::vocab::{CaseKind, ContactMethod, Language, SubjectKind};

/// Maximum lengths of the intake forms' text fields, in characters.
pub mod limits {
    pub const NAME: usize = 200;
    pub const ADDRESS: usize = 500;
    pub const EMAIL: usize = 254;
    pub const PHONE: usize = 30;
    pub const NEEDS: usize = 500;
    pub const SUMMARY: usize = 5000;
    pub const PLACE: usize = 300;
    pub const LONG_TEXT: usize = 2000;
    pub const RANK: usize = 60;
    pub const COLLAR_NUMBER: usize = 20;
    pub const FORCE_REFERENCE: usize = 40;
    pub const EVIDENCE_DESCRIPTION: usize = 1000;
    pub const EVIDENCE_SOURCE: usize = 200;
    /// The most allegation or subject blocks one form carries.
    pub const BLOCKS: usize = 20;
}

/// The earliest year a date on these forms may have.
const EARLIEST_YEAR: i32 = 1900;

/// One thing wrong with a form: the id of the element it concerns and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The problems of one form, in the order of its fields.
#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Problem>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// "2000" -> "2,000", for limits in messages.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Capitalises the first letter of a field's name for the start of a sentence.
pub fn sentence(what: &str) -> String {
    let mut c = what.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How a text field is read.
struct TextRule<'a> {
    /// The field's name inside a sentence: "the complainant's name".
    what: &'a str,
    max: usize,
    /// The message when it is left empty; `None` when it is optional.
    required: Option<&'a str>,
    /// Line breaks allowed (a textarea).
    multiline: bool,
}

/// Reads a text field: trimmed, `None` when empty, or a problem.
fn text(p: &mut Problems, field: &str, raw: &str, rule: TextRule<'_>) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        if let Some(message) = rule.required {
            p.add(field, message);
        }
        return None;
    }
    let bad_char = |c: char| c.is_control() && !(rule.multiline && matches!(c, '\n' | '\r' | '\t'));
    if trimmed.chars().any(bad_char) {
        p.add(
            field,
            format!(
                "{} must not contain control characters",
                sentence(rule.what)
            ),
        );
        return None;
    }
    let value = if rule.multiline {
        trimmed.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        trimmed.to_owned()
    };
    if value.chars().count() > rule.max {
        p.add(
            field,
            format!(
                "{} must be {} characters or fewer",
                sentence(rule.what),
                thousands(rule.max)
            ),
        );
        return None;
    }
    Some(value)
}

fn line<'a>(what: &'a str, max: usize, required: Option<&'a str>) -> TextRule<'a> {
    TextRule {
        what,
        max,
        required,
        multiline: false,
    }
}

fn lines<'a>(what: &'a str, max: usize, required: Option<&'a str>) -> TextRule<'a> {
    TextRule {
        what,
        max,
        required,
        multiline: true,
    }
}

/// A date as typed into the three boxes of a GOV.UK date input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawDate {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl RawDate {
    /// None of the three boxes was filled in.
    pub fn is_blank(&self) -> bool {
        self.day.is_empty() && self.month.is_empty() && self.year.is_empty()
    }

    /// The boxes filled with a date (for a form's defaults, such as today).
    pub fn of(d: NaiveDate) -> Self {
        use chrono::Datelike;
        RawDate {
            day: d.day().to_string(),
            month: d.month().to_string(),
            year: d.year().to_string(),
        }
    }

    fn parts(&self) -> [(&'static str, &str); 3] {
        [
            ("day", self.day.trim()),
            ("month", self.month.trim()),
            ("year", self.year.trim()),
        ]
    }

    /// Which boxes are empty (day, month, year).
    pub fn blank_parts(&self) -> [bool; 3] {
        self.parts().map(|(_, v)| v.is_empty())
    }
}

/// Why three boxes are not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Nothing typed.
    Empty,
    /// Some boxes empty: which (day, month, year).
    Incomplete([bool; 3]),
    /// Not a date of the calendar (31 February, letters, a two-digit year): which boxes are
    /// wrong (day, month, year). An impossible day of a real month blames the day.
    NotReal([bool; 3]),
    /// Before [`EARLIEST_YEAR`].
    TooEarly,
}

impl TryFrom<&RawDate> for NaiveDate {
    type Error = DateError;

    /// Reads the three boxes: numbers, a four-digit year, a real calendar date.
    fn try_from(raw: &RawDate) -> Result<Self, DateError> {
        let blank = raw.blank_parts();
        if blank.iter().all(|b| *b) {
            return Err(DateError::Empty);
        }
        if blank.iter().any(|b| *b) {
            return Err(DateError::Incomplete(blank));
        }
        let [(_, d), (_, m), (_, y)] = raw.parts();
        let number = |s: &str| -> Option<u32> {
            (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let day = number(d).filter(|d| (1..=31).contains(d));
        let month = number(m).filter(|m| (1..=12).contains(m));
        let year = number(y)
            .filter(|_| y.len() == 4)
            .and_then(|y| i32::try_from(y).ok());
        let (Some(day), Some(month), Some(year)) = (day, month, year) else {
            return Err(DateError::NotReal([
                day.is_none(),
                month.is_none(),
                year.is_none(),
            ]));
        };
        let date = NaiveDate::from_ymd_opt(year, month, day)
            .ok_or(DateError::NotReal([true, false, false]))?;
        if year < EARLIEST_YEAR {
            return Err(DateError::TooEarly);
        }
        Ok(date)
    }
}

/// How a date field is read.
pub struct DateRule<'a> {
    /// The field's name inside a sentence: "the date of the incident".
    pub what: &'a str,
    /// The message when it is left empty; `None` when it is optional.
    pub required: Option<&'a str>,
    /// The latest date allowed (today, for a date that must have happened).
    pub not_after: Option<NaiveDate>,
}

/// The one reader of a GOV.UK date input, whose boxes have the ids `{field}-day`,
/// `{field}-month` and `{field}-year`: the date, nothing (an optional date left empty), or
/// the problem, reported against the first box that needs attention.
pub fn read_date(
    field: &str,
    raw: &RawDate,
    rule: DateRule<'_>,
) -> Result<Option<NaiveDate>, Problem> {
    let what = sentence(rule.what);
    let problem = |part: &str, message: String| Problem {
        field: format!("{field}-{part}"),
        message,
    };
    let names = ["day", "month", "year"];
    let first = |parts: [bool; 3]| {
        names
            .iter()
            .zip(parts)
            .find(|(_, b)| *b)
            .map_or("day", |(n, _)| *n)
    };
    match NaiveDate::try_from(raw) {
        Ok(d) if rule.not_after.is_some_and(|latest| d > latest) => Err(problem(
            "day",
            format!("{what} must be today or in the past"),
        )),
        Ok(d) => Ok(Some(d)),
        Err(DateError::Empty) => match rule.required {
            Some(message) => Err(problem("day", message.to_owned())),
            None => Ok(None),
        },
        Err(DateError::Incomplete(blank)) => {
            let missing: Vec<&str> = names
                .iter()
                .zip(blank)
                .filter(|(_, b)| *b)
                .map(|(n, _)| *n)
                .collect();
            let list = match missing.as_slice() {
                [one] => format!("a {one}"),
                [a, b] => format!("a {a} and {b}"),
                _ => "a day, month and year".to_owned(),
            };
            Err(problem(first(blank), format!("{what} must include {list}")))
        }
        Err(DateError::NotReal(bad)) => {
            Err(problem(first(bad), format!("{what} must be a real date")))
        }
        Err(DateError::TooEarly) => Err(problem(
            "year",
            format!("{what} must be in {EARLIEST_YEAR} or later"),
        )),
    }
}

/// Reads a date field into `p`'s problems (see [`read_date`]).
fn date(p: &mut Problems, field: &str, raw: &RawDate, rule: DateRule<'_>) -> Option<NaiveDate> {
    match read_date(field, raw, rule) {
        Ok(d) => d,
        Err(problem) => {
            p.0.push(problem);
            None
        }
    }
}

/// An email address: something before and after one `@`, a domain with a dot that neither
/// starts nor ends it, no spaces (stricter than the schema's check, which it implies). The
/// one rule for every form that takes an address: case logging, the complainant's contact
/// preferences, staff accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(pub String);

impl TryFrom<&str> for EmailAddress {
    type Error = ();
    fn try_from(raw: &str) -> Result<Self, ()> {
        let ok = raw.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }) && !raw.chars().any(|c| c.is_whitespace() || c.is_control())
            && raw.len() <= limits::EMAIL;
        if ok {
            Ok(EmailAddress(raw.to_owned()))
        } else {
            Err(())
        }
    }
}

/// A telephone number: digits with spaces, brackets, hyphens and a leading `+`; 7 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(pub String);

impl TryFrom<&str> for PhoneNumber {
    type Error = ();
    fn try_from(raw: &str) -> Result<Self, ()> {
        let allowed = raw.chars().enumerate().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-') || (c == '+' && i == 0)
        });
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if allowed && (7..=15).contains(&digits) && raw.chars().count() <= limits::PHONE {
            Ok(PhoneNumber(raw.to_owned()))
        } else {
            Err(())
        }
    }
}

/// A telephone number reduced for comparison: its digits, with a leading UK country code
/// (44) written as the national 0. The duplicate check compares numbers this way.
pub fn phone_digits(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("44") {
        Some(rest) if digits.len() == 12 => format!("0{rest}"),
        _ => digits,
    }
}

/// A person as typed (a complainant or their agent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawPerson {
    pub name: String,
    pub address: String,
    pub email: String,
    pub phone: String,
    pub contact_method: String,
    pub language: String,
    pub easy_read: bool,
    pub needs: String,
    pub date_of_birth: RawDate,
}

impl RawPerson {
    fn is_blank(&self) -> bool {
        [&self.name, &self.address, &self.email, &self.phone]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

/// One allegation block as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawAllegation {
    pub category: String,
    pub subcategory: String,
    pub description: String,
}

impl RawAllegation {
    fn is_blank(&self) -> bool {
        self.category.trim().is_empty()
            && self.subcategory.trim().is_empty()
            && self.description.trim().is_empty()
    }
}

/// One subject block as typed. `allegations` are the numbers (1-based) of the allegation
/// blocks ticked for this subject.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawSubject {
    pub kind: String,
    pub name: String,
    pub rank: String,
    pub number: String,
    pub allegations: Vec<String>,
}

impl RawSubject {
    fn is_blank(&self) -> bool {
        [&self.kind, &self.name, &self.rank, &self.number]
            .iter()
            .all(|s| s.trim().is_empty())
            && self.allegations.is_empty()
    }
}

/// The "log a case" form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCase {
    pub kind: CaseKind,
    pub complainant: RawPerson,
    pub agent: RawPerson,
    pub summary: String,
    pub incident_date: RawDate,
    pub incident_place: String,
    pub how_it_came_to_light: String,
    pub came_to_light: String,
    pub dsi_kind: String,
    pub dsi_context: String,
    pub what_complainant_wants: String,
    pub complainant_wants_recording: bool,
    pub must_be_recorded: bool,
    pub allegations: Vec<RawAllegation>,
    pub subjects: Vec<RawSubject>,
    pub received_on: RawDate,
    /// When it was logged: today, unless it was logged earlier (in another system).
    pub logged_on: RawDate,
    pub force_reference: String,
}

impl RawCase {
    /// An empty form of a kind: one allegation block, one subject block, received today.
    pub fn blank(kind: CaseKind, today: NaiveDate) -> Self {
        RawCase {
            kind,
            complainant: RawPerson {
                language: Language::English.as_str().to_owned(),
                ..RawPerson::default()
            },
            agent: RawPerson::default(),
            summary: String::new(),
            incident_date: RawDate::default(),
            incident_place: String::new(),
            how_it_came_to_light: String::new(),
            came_to_light: String::new(),
            dsi_kind: String::new(),
            dsi_context: String::new(),
            what_complainant_wants: String::new(),
            complainant_wants_recording: false,
            must_be_recorded: false,
            allegations: vec![RawAllegation::default()],
            subjects: vec![RawSubject::default()],
            received_on: RawDate::of(today),
            logged_on: RawDate::of(today),
            force_reference: String::new(),
        }
    }
}

/// A member of the public to be recorded (a complainant or an agent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPerson {
    pub full_name: String,
    pub address: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_method: Option<ContactMethod>,
    pub language: Language,
    pub easy_read: bool,
    pub accessibility_needs: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
}

/// A new allegation: its category's code, its sub-category's (where it has one) and what is
/// alleged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAllegation {
    pub category_code: String,
    pub subcategory_code: Option<String>,
    pub description: String,
}

/// A new subject of the case. `allegations` are indexes into [`NewCase::allegations`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubject {
    pub kind: SubjectKind,
    pub name: Option<String>,
    pub rank: Option<String>,
    pub collar_number: Option<String>,
    pub allegations: Vec<usize>,
}

/// Death or serious injury (the `case_record.dsi_kind` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsiKind {
    Death,
    SeriousInjury,
}

impl DsiKind {
    pub const ALL: [DsiKind; 2] = [DsiKind::Death, DsiKind::SeriousInjury];
    pub const fn as_str(self) -> &'static str {
        match self {
            DsiKind::Death => "death",
            DsiKind::SeriousInjury => "serious_injury",
        }
    }
    pub const fn label(self) -> &'static str {
        match self {
            DsiKind::Death => "A death",
            DsiKind::SeriousInjury => "A serious injury",
        }
    }
}

/// Who brought a conduct or DSI matter to the appropriate authority (the
/// `case_record.came_to_light` codes): the facts the IOPC's published summaries give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameToLight {
    /// Raised inside the force; `how_it_came_to_light` says by whom.
    Internal,
    MemberOfThePublic,
    OtherForce,
    Iopc,
}

impl CameToLight {
    pub const ALL: [CameToLight; 4] = [
        CameToLight::Internal,
        CameToLight::MemberOfThePublic,
        CameToLight::OtherForce,
        CameToLight::Iopc,
    ];
    pub const fn as_str(self) -> &'static str {
        match self {
            CameToLight::Internal => "internal",
            CameToLight::MemberOfThePublic => "public",
            CameToLight::OtherForce => "other_force",
            CameToLight::Iopc => "iopc",
        }
    }
    pub const fn label(self) -> &'static str {
        match self {
            CameToLight::Internal => "Raised inside the force",
            CameToLight::MemberOfThePublic => "By a member of the public",
            CameToLight::OtherForce => "By another force",
            CameToLight::Iopc => "By the IOPC",
        }
    }
    /// The value a stored code names.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == code.trim())
    }
}

/// After arrest or custody, or after other contact (the `case_record.dsi_context` codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DsiContext {
    Custody,
    Contact,
}

impl DsiContext {
    pub const ALL: [DsiContext; 2] = [DsiContext::Custody, DsiContext::Contact];
    pub const fn as_str(self) -> &'static str {
        match self {
            DsiContext::Custody => "custody",
            DsiContext::Contact => "contact",
        }
    }
    pub const fn label(self) -> &'static str {
        match self {
            DsiContext::Custody => "During or after arrest or custody",
            DsiContext::Contact => "After other contact with a person serving with the police",
        }
    }
}

/// A case ready to be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub kind: CaseKind,
    /// Complaints only.
    pub complainant: Option<NewPerson>,
    /// Someone acting for the complainant, if any.
    pub agent: Option<NewPerson>,
    pub summary: String,
    pub incident_date: NaiveDate,
    pub incident_place: String,
    pub how_it_came_to_light: Option<String>,
    /// Conduct and DSI matters: who brought the matter to the authority, if said.
    pub came_to_light: Option<CameToLight>,
    /// DSI matters only.
    pub dsi: Option<(DsiKind, DsiContext)>,
    pub what_complainant_wants: Option<String>,
    /// Sch 3 para 2(6): the complainant wants the complaint recorded.
    pub complainant_wants_recording: bool,
    /// Sch 3 para 2(6A), (6B): the complaint must be recorded whatever anyone wishes.
    pub must_be_recorded: bool,
    pub allegations: Vec<NewAllegation>,
    pub subjects: Vec<NewSubject>,
    pub received_on: NaiveDate,
    /// The day it was logged (today unless given).
    pub logged_on: NaiveDate,
    /// `None`: the service generates one.
    pub force_reference: Option<String>,
}

/// What parsing a new case needs from outside.
#[derive(Debug, Clone, Copy)]
pub struct CaseContext<'a> {
    /// Today in England and Wales.
    pub today: NaiveDate,
    /// The codes of the allegation categories on offer (active ones).
    pub categories: &'a [String],
    /// The sub-categories on offer (active ones, of categories on offer).
    pub subcategories: &'a [OfferedSubcategory],
}

/// A sub-category on offer for a new allegation: its code and its category's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferedSubcategory {
    pub category: String,
    pub code: String,
}

/// Reads allegation block `n`'s category and sub-category. The sub-category is optional; when
/// given it must be on offer and belong to the category (a sub-category alone gives the
/// category). Problems are filed under `allegation-{n}-category` or `-subcategory`; the
/// sub-category is `Err(())` when it was refused.
fn allegation_category(
    p: &mut Problems,
    n: usize,
    a: &RawAllegation,
    ctx: CaseContext<'_>,
) -> (Option<String>, Result<Option<String>, ()>) {
    let category = a.category.trim();
    let subcategory = a.subcategory.trim();
    let offered = |code: &str| ctx.categories.iter().any(|c| c == code);
    let field = |name: &str| format!("allegation-{n}-{name}");
    if subcategory.is_empty() {
        if offered(category) {
            return (Some(category.to_owned()), Ok(None));
        }
        p.add(
            field("category"),
            format!("Select the category of allegation {n}"),
        );
        return (None, Ok(None));
    }
    let Some(sub) = ctx
        .subcategories
        .iter()
        .find(|s| s.code == subcategory && offered(&s.category))
    else {
        if !category.is_empty() && !offered(category) {
            p.add(
                field("category"),
                format!("Select the category of allegation {n}"),
            );
        }
        p.add(
            field("subcategory"),
            format!("Select the sub-category of allegation {n} from the list, or leave it empty"),
        );
        return (offered(category).then(|| category.to_owned()), Err(()));
    };
    if category.is_empty() || category == sub.category {
        return (Some(sub.category.clone()), Ok(Some(sub.code.clone())));
    }
    if !offered(category) {
        p.add(
            field("category"),
            format!("Select the category of allegation {n}"),
        );
        return (None, Err(()));
    }
    p.add(
        field("subcategory"),
        format!(
            "The sub-category of allegation {n} belongs to another category: choose one listed under the category chosen, change the category, or leave the sub-category empty"
        ),
    );
    (Some(category.to_owned()), Err(()))
}

/// Reads a person block (`{prefix}-name`, `{prefix}-email`, ...). `who` names them in
/// messages: "the complainant", "the agent".
fn person(
    p: &mut Problems,
    prefix: &str,
    raw: &RawPerson,
    who: &str,
    contact_required: bool,
    today: NaiveDate,
) -> Option<NewPerson> {
    let f = |name: &str| format!("{prefix}-{name}");
    let full_name = text(
        p,
        &f("name"),
        &raw.name,
        line(
            &format!("{who}'s name"),
            limits::NAME,
            Some(&format!("Enter {who}'s full name")),
        ),
    );
    let address = text(
        p,
        &f("address"),
        &raw.address,
        lines(&format!("{who}'s address"), limits::ADDRESS, None),
    );
    let email = text(
        p,
        &f("email"),
        &raw.email,
        line(&format!("{who}'s email address"), limits::EMAIL, None),
    )
    .and_then(|e| match EmailAddress::try_from(e.as_str()) {
        Ok(EmailAddress(e)) => Some(e),
        Err(()) => {
            p.add(
                f("email"),
                "Enter an email address in the correct format, like name@example.com",
            );
            None
        }
    });
    let phone = text(
        p,
        &f("phone"),
        &raw.phone,
        line(&format!("{who}'s telephone number"), limits::PHONE, None),
    )
    .and_then(|t| match PhoneNumber::try_from(t.as_str()) {
        Ok(PhoneNumber(t)) => Some(t),
        Err(()) => {
            p.add(
                f("phone"),
                "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
            );
            None
        }
    });
    let contact_method = if contact_required {
        match raw.contact_method.trim().parse::<ContactMethod>() {
            Ok(m) => Some(m),
            Err(_) => {
                p.add(
                    f("contact"),
                    format!("Select how {who} prefers to be contacted"),
                );
                None
            }
        }
    } else {
        None
    };
    // The chosen way of contact needs its detail (schema: person_contact_method_has_detail).
    // Only said when the detail was left empty: a malformed one already has its message.
    match contact_method {
        Some(ContactMethod::Email) if raw.email.trim().is_empty() => p.add(
            f("email"),
            format!("Enter {who}'s email address, or choose another way to contact them"),
        ),
        Some(ContactMethod::Post) if raw.address.trim().is_empty() => p.add(
            f("address"),
            format!("Enter {who}'s address, or choose another way to contact them"),
        ),
        Some(ContactMethod::Telephone) if raw.phone.trim().is_empty() => p.add(
            f("phone"),
            format!("Enter {who}'s telephone number, or choose another way to contact them"),
        ),
        _ => {}
    }
    let language = if contact_required {
        match raw.language.trim().parse::<Language>() {
            Ok(l) => Some(l),
            Err(_) => {
                p.add(f("language"), format!("Select {who}'s preferred language"));
                None
            }
        }
    } else {
        Some(Language::English)
    };
    let accessibility_needs = text(
        p,
        &f("needs"),
        &raw.needs,
        lines(&format!("{who}'s accessibility needs"), limits::NEEDS, None),
    );
    let date_of_birth = date(
        p,
        &f("dob"),
        &raw.date_of_birth,
        DateRule {
            what: &format!("{who}'s date of birth"),
            required: None,
            not_after: Some(today),
        },
    );
    Some(NewPerson {
        full_name: full_name?,
        address,
        email,
        phone,
        contact_method,
        language: language?,
        easy_read: raw.easy_read,
        accessibility_needs,
        date_of_birth,
    })
}

impl NewCase {
    /// Reads the form of a new case, or says what is wrong with each field, in form order.
    pub fn parse(raw: &RawCase, ctx: CaseContext<'_>) -> Result<NewCase, Vec<Problem>> {
        let mut p = Problems::default();
        let kind = raw.kind;
        let complaint = kind == CaseKind::Complaint;

        // Who: the complainant and their agent (complaints only).
        let complainant = if complaint {
            person(
                &mut p,
                "complainant",
                &raw.complainant,
                "the complainant",
                true,
                ctx.today,
            )
        } else {
            None
        };
        let agent = if complaint && !raw.agent.is_blank() {
            person(&mut p, "agent", &raw.agent, "the agent", false, ctx.today)
        } else {
            None
        };

        // What happened, when and where.
        let summary = text(
            &mut p,
            "summary",
            &raw.summary,
            lines(
                "what happened",
                limits::SUMMARY,
                Some("Enter what happened"),
            ),
        );
        let incident_date = date(
            &mut p,
            "incident-date",
            &raw.incident_date,
            DateRule {
                what: "the date of the incident",
                required: Some("Enter the date of the incident"),
                not_after: Some(ctx.today),
            },
        );
        let incident_place = text(
            &mut p,
            "incident-place",
            &raw.incident_place,
            line(
                "where it happened",
                limits::PLACE,
                Some("Enter where it happened"),
            ),
        );
        let how_it_came_to_light = match kind {
            // PRA 2002 s.12(2): no complainant, so the record says how the force learned of it.
            CaseKind::ConductMatter => text(
                &mut p,
                "how-it-came-to-light",
                &raw.how_it_came_to_light,
                lines(
                    "how it came to light",
                    limits::LONG_TEXT,
                    Some("Enter how the matter came to light"),
                ),
            ),
            CaseKind::DsiMatter => text(
                &mut p,
                "how-it-came-to-light",
                &raw.how_it_came_to_light,
                lines("how it came to light", limits::LONG_TEXT, None),
            ),
            CaseKind::Complaint => None,
        };
        // Who brought it to the authority (the IOPC's published summaries say so); raised
        // inside the force, the words below say by whom.
        let came_to_light = if kind == CaseKind::Complaint || raw.came_to_light.trim().is_empty() {
            None
        } else {
            let c = CameToLight::from_code(&raw.came_to_light);
            if c.is_none() {
                p.add("came-to-light", "Select who brought the matter to light");
            }
            if c == Some(CameToLight::Internal) && raw.how_it_came_to_light.trim().is_empty() {
                p.add(
                    "how-it-came-to-light",
                    "Say who in the force raised the matter, and how",
                );
            }
            c
        };
        // PRA 2002 s.12(2A): a death or serious injury, after custody or contact.
        let dsi = if kind == CaseKind::DsiMatter {
            let k = DsiKind::ALL
                .into_iter()
                .find(|k| k.as_str() == raw.dsi_kind.trim());
            if k.is_none() {
                p.add(
                    "dsi-kind",
                    "Select whether someone died or was seriously injured",
                );
            }
            let c = DsiContext::ALL
                .into_iter()
                .find(|c| c.as_str() == raw.dsi_context.trim());
            if c.is_none() {
                p.add(
                    "dsi-context",
                    "Select whether it followed arrest or custody, or other contact with the police",
                );
            }
            k.zip(c)
        } else {
            None
        };
        let what_complainant_wants = if complaint {
            text(
                &mut p,
                "what-complainant-wants",
                &raw.what_complainant_wants,
                lines("what the complainant wants", limits::LONG_TEXT, None),
            )
        } else {
            None
        };

        // Allegations: one or more for complaints and conduct matters; blank blocks ignored.
        let required = kind != CaseKind::DsiMatter;
        let mut allegations = Vec::new();
        // Block number (1-based) -> index into `allegations`, for the subjects' ticks.
        let mut block_index: Vec<Option<usize>> = Vec::new();
        let all_blank = raw.allegations.iter().all(RawAllegation::is_blank);
        for (i, a) in raw.allegations.iter().enumerate() {
            let n = i + 1;
            if a.is_blank() && !(required && all_blank && n == 1) {
                block_index.push(None);
                continue;
            }
            let (category, subcategory) = allegation_category(&mut p, n, a, ctx);
            let description = text(
                &mut p,
                &format!("allegation-{n}-description"),
                &a.description,
                lines(
                    &format!("the description of allegation {n}"),
                    limits::LONG_TEXT,
                    Some(&format!("Describe allegation {n}")),
                ),
            );
            match (category, subcategory, description) {
                (Some(category_code), Ok(subcategory_code), Some(description)) => {
                    block_index.push(Some(allegations.len()));
                    allegations.push(NewAllegation {
                        category_code,
                        subcategory_code,
                        description,
                    });
                }
                _ => block_index.push(None),
            }
        }

        // Subjects, if known: blank blocks ignored.
        let mut subjects = Vec::new();
        for (i, s) in raw.subjects.iter().enumerate() {
            let n = i + 1;
            if s.is_blank() {
                continue;
            }
            let kind = s.kind.trim().parse::<SubjectKind>().ok();
            if kind.is_none() {
                p.add(
                    format!("subject-{n}-kind"),
                    format!("Select what kind of person subject {n} is"),
                );
            }
            let name = text(
                &mut p,
                &format!("subject-{n}-name"),
                &s.name,
                line(
                    &format!("the name or description of subject {n}"),
                    limits::NAME,
                    None,
                ),
            );
            let rank = text(
                &mut p,
                &format!("subject-{n}-rank"),
                &s.rank,
                line(&format!("the rank of subject {n}"), limits::RANK, None),
            );
            let collar_number = text(
                &mut p,
                &format!("subject-{n}-number"),
                &s.number,
                line(
                    &format!("the collar or staff number of subject {n}"),
                    limits::COLLAR_NUMBER,
                    None,
                ),
            );
            let mut linked = Vec::new();
            for tick in &s.allegations {
                let index = tick
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|b| b.checked_sub(1))
                    .and_then(|b| raw.allegations.get(b).map(|a| (b, a)));
                match index {
                    Some((b, a)) if a.is_blank() => p.add(
                        format!("subject-{n}-allegations"),
                        format!(
                            "Allegation {} is empty: describe it, or untick it for subject {n}",
                            b + 1
                        ),
                    ),
                    Some((b, _)) => {
                        if let Some(Some(ix)) = block_index.get(b)
                            && !linked.contains(ix)
                        {
                            linked.push(*ix);
                        }
                    }
                    None => p.add(
                        format!("subject-{n}-allegations"),
                        format!("Select allegations of this case for subject {n}"),
                    ),
                }
            }
            if let Some(kind) = kind {
                subjects.push(NewSubject {
                    kind,
                    name,
                    rank,
                    collar_number,
                    allegations: linked,
                });
            }
        }

        // When it reached the force, and its reference.
        let received_on = date(
            &mut p,
            "received-on",
            &raw.received_on,
            DateRule {
                what: "the date it was received",
                required: Some("Enter the date it was received"),
                not_after: Some(ctx.today),
            },
        );
        if let (Some(received), Some(incident)) = (received_on, incident_date)
            && received < incident
        {
            p.add(
                "received-on-day",
                "The date it was received must be the same as or after the date of the incident",
            );
        }
        // Logging is a step like the others: dated when it happened (a form without the date
        // at all means today), not before it was received.
        let logged_on = if raw.logged_on.is_blank() {
            Some(ctx.today)
        } else {
            date(
                &mut p,
                "logged-on",
                &raw.logged_on,
                DateRule {
                    what: "the date it was logged",
                    required: Some("Enter the date it was logged"),
                    not_after: Some(ctx.today),
                },
            )
        };
        if let (Some(received), Some(logged)) = (received_on, logged_on)
            && logged < received
        {
            p.add(
                "logged-on-day",
                "The date it was logged must be the same as or after the date it was received",
            );
        }
        let force_reference = text(
            &mut p,
            "force-reference",
            &raw.force_reference,
            line("the force reference", limits::FORCE_REFERENCE, None),
        )
        .and_then(|r| {
            if r
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/' | '_' | '.'))
            {
                Some(r)
            } else {
                p.add(
                    "force-reference",
                    "The force reference must only include letters, numbers, spaces, hyphens, slashes, underscores and full stops",
                );
                None
            }
        });

        let (
            Some(summary),
            Some(incident_date),
            Some(incident_place),
            Some(received_on),
            Some(logged_on),
        ) = (
            summary,
            incident_date,
            incident_place,
            received_on,
            logged_on,
        )
        else {
            return Err(p.0);
        };
        p.finish(NewCase {
            kind,
            complainant,
            agent,
            summary,
            incident_date,
            incident_place,
            how_it_came_to_light,
            came_to_light,
            dsi,
            what_complainant_wants,
            complainant_wants_recording: complaint && raw.complainant_wants_recording,
            must_be_recorded: complaint && raw.must_be_recorded,
            allegations,
            subjects,
            received_on,
            logged_on,
            force_reference,
        })
    }
}

/// The contact form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawContact {
    pub contacted_on: RawDate,
    pub method: String,
    pub person: String,
    pub summary: String,
}

/// A contact to add to the case's contact log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub contacted_on: NaiveDate,
    pub method: ContactMethod,
    /// Who was contacted, when the case records people.
    pub person_id: Option<uuid::Uuid>,
    pub summary: String,
}

/// What parsing a contact needs from outside.
#[derive(Debug, Clone, Copy)]
pub struct ContactContext<'a> {
    pub today: NaiveDate,
    /// The case was received on this day: no contact about it comes earlier.
    pub received_on: NaiveDate,
    /// The people of the case who may be contacted; when there are any, one must be chosen.
    pub people: &'a [uuid::Uuid],
}

impl NewContact {
    /// Reads the contact form, or says what is wrong with each field, in form order.
    pub fn parse(raw: &RawContact, ctx: ContactContext<'_>) -> Result<NewContact, Vec<Problem>> {
        let mut p = Problems::default();
        let contacted_on = date(
            &mut p,
            "contacted-on",
            &raw.contacted_on,
            DateRule {
                what: "the date of the contact",
                required: Some("Enter the date of the contact"),
                not_after: Some(ctx.today),
            },
        );
        if let Some(on) = contacted_on
            && on < ctx.received_on
        {
            p.add(
                "contacted-on-day",
                "The date of the contact must be the same as or after the date the case was received",
            );
        }
        let person_id = if ctx.people.is_empty() {
            None
        } else {
            let chosen = uuid::Uuid::parse_str(raw.person.trim())
                .ok()
                .filter(|id| ctx.people.contains(id));
            if chosen.is_none() {
                p.add("person", "Select who was contacted");
            }
            chosen
        };
        let method = raw.method.trim().parse::<ContactMethod>().ok();
        if method.is_none() {
            p.add("method", "Select how the contact was made");
        }
        let summary = text(
            &mut p,
            "summary",
            &raw.summary,
            lines(
                "what was said or sent",
                limits::LONG_TEXT,
                Some("Enter what was said or sent"),
            ),
        );
        match (contacted_on, method, summary) {
            (Some(contacted_on), Some(method), Some(summary)) => p.finish(NewContact {
                contacted_on,
                method,
                person_id,
                summary,
            }),
            _ => Err(p.0),
        }
    }
}

/// The evidence form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawEvidence {
    pub description: String,
    pub source: String,
    pub received_on: RawDate,
}

/// An item to add to the case's evidence log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub description: String,
    pub source: Option<String>,
    pub received_on: NaiveDate,
}

impl NewEvidence {
    /// Reads the evidence form, or says what is wrong with each field, in form order.
    pub fn parse(raw: &RawEvidence, today: NaiveDate) -> Result<NewEvidence, Vec<Problem>> {
        let mut p = Problems::default();
        let description = text(
            &mut p,
            "description",
            &raw.description,
            lines(
                "the description of the item",
                limits::EVIDENCE_DESCRIPTION,
                Some("Describe the item of evidence"),
            ),
        );
        let source = text(
            &mut p,
            "source",
            &raw.source,
            line("where it came from", limits::EVIDENCE_SOURCE, None),
        );
        let received_on = date(
            &mut p,
            "received-on",
            &raw.received_on,
            DateRule {
                what: "the date it was received",
                required: Some("Enter the date the item was received"),
                not_after: Some(today),
            },
        );
        match (description, received_on) {
            (Some(description), Some(received_on)) => p.finish(NewEvidence {
                description,
                source,
                received_on,
            }),
            _ => Err(p.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn raw_date(day: &str, month: &str, year: &str) -> RawDate {
        RawDate {
            day: day.into(),
            month: month.into(),
            year: year.into(),
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 3, 14);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn categories() -> Vec<String> {
        vec!["delivery-of-duties".into(), "police-powers".into()]
    }

    fn subcategories() -> Vec<OfferedSubcategory> {
        [
            ("delivery-of-duties", "decisions"),
            ("police-powers", "use-of-force"),
            ("police-powers", "stops-and-stop-and-search"),
            ("retired-category", "orphan"),
        ]
        .map(|(category, code)| OfferedSubcategory {
            category: category.into(),
            code: code.into(),
        })
        .to_vec()
    }

    fn complaint() -> RawCase {
        let mut raw = RawCase::blank(CaseKind::Complaint, today());
        raw.complainant.name = "Jane Doe".into();
        raw.complainant.email = "jane@example.com".into();
        raw.complainant.contact_method = "email".into();
        raw.summary = "An officer shouted at me at a road stop.".into();
        raw.incident_date = raw_date("1", "3", "2026");
        raw.incident_place = "High Street, Croydon".into();
        raw.allegations[0] = RawAllegation {
            category: "delivery-of-duties".into(),
            subcategory: String::new(),
            description: "The officer was rude".into(),
        };
        raw
    }

    fn parse(raw: &RawCase) -> Result<NewCase, Vec<Problem>> {
        let cats = categories();
        let subs = subcategories();
        NewCase::parse(
            raw,
            CaseContext {
                today: today(),
                categories: &cats,
                subcategories: &subs,
            },
        )
    }

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_complete_complaint_parses() {
        let case = parse(&complaint()).expect("valid");
        assert_eq!(case.kind, CaseKind::Complaint);
        let c = case.complainant.expect("complainant");
        assert_eq!(c.full_name, "Jane Doe");
        assert_eq!(c.contact_method, Some(ContactMethod::Email));
        assert_eq!(c.language, Language::English);
        assert_eq!(case.allegations.len(), 1);
        assert_eq!(case.received_on, today());
        assert_eq!(case.agent, None);
        assert_eq!(case.force_reference, None);
    }

    #[test]
    fn every_required_field_of_an_empty_complaint_is_named() {
        // The blank form comes with English chosen and today as the date received.
        let raw = RawCase::blank(CaseKind::Complaint, today());
        let problems = parse(&raw).expect_err("invalid");
        assert_eq!(
            fields(&problems),
            [
                "complainant-name",
                "complainant-contact",
                "summary",
                "incident-date-day",
                "incident-place",
                "allegation-1-category",
                "allegation-1-description",
            ]
        );
    }

    #[test]
    fn a_contact_preference_needs_its_contact_detail() {
        // Schema: person_contact_method_has_detail.
        for (method, field) in [
            ("email", "complainant-email"),
            ("post", "complainant-address"),
            ("telephone", "complainant-phone"),
        ] {
            let mut raw = complaint();
            raw.complainant.email.clear();
            raw.complainant.contact_method = method.into();
            let problems = parse(&raw).expect_err(method);
            assert_eq!(fields(&problems), [field], "{method}");
            assert!(
                problems[0]
                    .message
                    .contains("or choose another way to contact them")
            );
        }
        let mut raw = complaint();
        raw.complainant.contact_method = "telephone".into();
        raw.complainant.phone = "07700 900982".into();
        assert!(parse(&raw).is_ok());
    }

    #[test]
    fn dates_that_must_have_happened_cannot_be_in_the_future() {
        let mut raw = complaint();
        raw.incident_date = raw_date("15", "3", "2026");
        raw.received_on = raw_date("16", "3", "2026");
        raw.complainant.date_of_birth = raw_date("1", "1", "2027");
        let problems = parse(&raw).expect_err("future dates");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "The complainant's date of birth must be today or in the past",
                "The date of the incident must be today or in the past",
                "The date it was received must be today or in the past",
            ]
        );
    }

    #[test]
    fn a_complaint_cannot_be_received_before_the_incident() {
        let mut raw = complaint();
        raw.received_on = raw_date("28", "2", "2026");
        let problems = parse(&raw).expect_err("received early");
        assert_eq!(fields(&problems), ["received-on-day"]);
    }

    #[test]
    fn dates_are_read_the_govuk_way() {
        let read =
            |day: &str, month: &str, year: &str| NaiveDate::try_from(&raw_date(day, month, year));
        assert_eq!(read("", "", ""), Err(DateError::Empty));
        assert_eq!(read("9", "2", "2023"), Ok(d(2023, 2, 9)));
        assert_eq!(read(" 09 ", "02", "2023"), Ok(d(2023, 2, 9)));
        assert_eq!(
            read("9", "", ""),
            Err(DateError::Incomplete([false, true, true]))
        );
        assert_eq!(
            read("", "2", "2023"),
            Err(DateError::Incomplete([true, false, false]))
        );
        // Each impossible part is named, so only that box is marked.
        assert_eq!(
            read("30", "2", "2023"),
            Err(DateError::NotReal([true, false, false]))
        );
        assert_eq!(
            read("1", "13", "2023"),
            Err(DateError::NotReal([false, true, false]))
        );
        assert_eq!(
            read("1", "2", "23"),
            Err(DateError::NotReal([false, false, true]))
        );
        assert_eq!(
            read("a", "2", "2023"),
            Err(DateError::NotReal([true, false, false]))
        );
        assert_eq!(
            read("-1", "2", "2023"),
            Err(DateError::NotReal([true, false, false]))
        );
        assert_eq!(
            read("32", "13", "2023"),
            Err(DateError::NotReal([true, true, false]))
        );
        let rule = DateRule {
            what: "the date of the interview",
            required: None,
            not_after: None,
        };
        assert_eq!(
            read_date("interview", &raw_date("1", "2", ""), rule),
            Err(Problem {
                field: "interview-year".into(),
                message: "The date of the interview must include a year".into()
            })
        );
    }

    #[test]
    fn date_boxes_say_which_part_is_missing_or_wrong() {
        let mut p = Problems::default();
        let rule = || DateRule {
            what: "the date of the incident",
            required: Some("Enter the date of the incident"),
            not_after: Some(today()),
        };
        assert_eq!(date(&mut p, "x", &raw_date("1", "", "2026"), rule()), None);
        assert_eq!(date(&mut p, "x", &raw_date("", "", "2026"), rule()), None);
        assert_eq!(
            date(&mut p, "x", &raw_date("31", "2", "2026"), rule()),
            None
        );
        assert_eq!(date(&mut p, "x", &raw_date("1", "2", "26"), rule()), None);
        assert_eq!(date(&mut p, "x", &raw_date("1", "2", "1850"), rule()), None);
        assert_eq!(date(&mut p, "x", &raw_date("", "", ""), rule()), None);
        assert_eq!(
            date(&mut p, "x", &raw_date(" 01 ", "03", "2026"), rule()),
            Some(d(2026, 3, 1))
        );
        let got: Vec<(String, String)> = p.0.into_iter().map(|p| (p.field, p.message)).collect();
        let want = [
            ("x-month", "The date of the incident must include a month"),
            (
                "x-day",
                "The date of the incident must include a day and month",
            ),
            ("x-day", "The date of the incident must be a real date"),
            ("x-year", "The date of the incident must be a real date"),
            (
                "x-year",
                "The date of the incident must be in 1900 or later",
            ),
            ("x-day", "Enter the date of the incident"),
        ];
        assert_eq!(
            got,
            want.map(|(f, m)| (f.to_owned(), m.to_owned())).to_vec()
        );
    }

    #[test]
    fn texts_longer_than_their_limit_are_refused() {
        let mut raw = complaint();
        raw.complainant.name = "a".repeat(limits::NAME + 1);
        raw.summary = "b".repeat(limits::SUMMARY + 1);
        let problems = parse(&raw).expect_err("too long");
        assert_eq!(
            problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>(),
            [
                "The complainant's name must be 200 characters or fewer",
                "What happened must be 5,000 characters or fewer",
            ]
        );
        // Exactly at the limit is fine, counted in characters, not bytes.
        let mut raw = complaint();
        raw.complainant.name = "é".repeat(limits::NAME);
        assert!(parse(&raw).is_ok());
    }

    #[test]
    fn control_characters_are_refused() {
        let mut raw = complaint();
        raw.complainant.name = "Jane\u{0}Doe".into();
        raw.summary = "Line one\r\nLine two".into();
        let problems = parse(&raw).expect_err("control character");
        assert_eq!(fields(&problems), ["complainant-name"]);
        let mut raw = complaint();
        raw.summary = "Line one\r\nLine two".into();
        assert_eq!(
            parse(&raw).expect("line breaks are fine").summary,
            "Line one\nLine two"
        );
    }

    #[test]
    fn a_complaint_needs_at_least_one_allegation() {
        let mut raw = complaint();
        raw.allegations = vec![RawAllegation::default(), RawAllegation::default()];
        let problems = parse(&raw).expect_err("no allegation");
        assert_eq!(
            fields(&problems),
            ["allegation-1-category", "allegation-1-description"]
        );
    }

    #[test]
    fn blank_allegation_and_subject_blocks_are_ignored_and_partial_ones_named() {
        let mut raw = complaint();
        raw.allegations.push(RawAllegation::default());
        raw.allegations.push(RawAllegation {
            category: "police-powers".into(),
            subcategory: String::new(),
            description: String::new(),
        });
        raw.subjects = vec![
            RawSubject::default(),
            RawSubject {
                name: "Officer A".into(),
                ..RawSubject::default()
            },
        ];
        let problems = parse(&raw).expect_err("partial blocks");
        assert_eq!(
            fields(&problems),
            ["allegation-3-description", "subject-2-kind"]
        );
    }

    /// IOPC, Guidance on capturing data about police complaints (2020, updated 2021): an
    /// allegation's sub-category is one of its category's.
    #[test]
    fn iopc_data_capture_a_subcategory_belongs_to_the_allegations_category() {
        let mut raw = complaint();
        raw.allegations[0].category = "police-powers".into();
        raw.allegations[0].subcategory = "use-of-force".into();
        let case = parse(&raw).expect("a sub-category of its category");
        assert_eq!(case.allegations[0].category_code, "police-powers");
        assert_eq!(
            case.allegations[0].subcategory_code.as_deref(),
            Some("use-of-force")
        );

        // Chosen alone, the sub-category gives the category.
        raw.allegations[0].category = String::new();
        let case = parse(&raw).expect("the sub-category alone");
        assert_eq!(case.allegations[0].category_code, "police-powers");

        // Without one, the allegation has its category only.
        raw.allegations[0].category = "delivery-of-duties".into();
        raw.allegations[0].subcategory = " ".into();
        let case = parse(&raw).expect("no sub-category");
        assert_eq!(case.allegations[0].subcategory_code, None);

        // A sub-category of another category is refused beside the sub-category.
        raw.allegations[0].subcategory = "use-of-force".into();
        let problems = parse(&raw).expect_err("another category's sub-category");
        assert_eq!(fields(&problems), ["allegation-1-subcategory"]);
        assert!(problems[0].message.contains("belongs to another category"));

        // So is one not on offer (retired), or of a category not on offer.
        for code in ["retired-sub-category", "orphan"] {
            raw.allegations[0].subcategory = code.into();
            let problems = parse(&raw).expect_err("not on offer");
            assert_eq!(fields(&problems), ["allegation-1-subcategory"], "{code}");
        }
    }

    #[test]
    fn an_allegation_category_must_be_one_on_offer() {
        let mut raw = complaint();
        raw.allegations[0].category = "retired-category".into();
        let problems = parse(&raw).expect_err("unknown category");
        assert_eq!(fields(&problems), ["allegation-1-category"]);
    }

    #[test]
    fn subjects_are_linked_to_the_allegations_ticked() {
        let mut raw = complaint();
        raw.allegations.push(RawAllegation::default());
        raw.allegations.push(RawAllegation {
            category: "police-powers".into(),
            subcategory: String::new(),
            description: "Pushed me".into(),
        });
        raw.subjects = vec![RawSubject {
            kind: "police_officer".into(),
            name: "PC Smith".into(),
            rank: "Constable".into(),
            number: "1234".into(),
            allegations: vec!["1".into(), "3".into(), "3".into()],
        }];
        let case = parse(&raw).expect("valid");
        assert_eq!(case.allegations.len(), 2);
        assert_eq!(case.subjects[0].allegations, [0, 1]);
        assert_eq!(case.subjects[0].kind, SubjectKind::PoliceOfficer);

        raw.subjects[0].allegations = vec!["2".into()];
        let problems = parse(&raw).expect_err("ticked an empty allegation");
        assert_eq!(fields(&problems), ["subject-1-allegations"]);
        raw.subjects[0].allegations = vec!["9".into()];
        assert!(parse(&raw).is_err(), "a tick for no allegation block");
    }

    #[test]
    fn a_dsi_matter_says_death_or_serious_injury_and_custody_or_contact() {
        // PRA 2002 s.12(2A).
        let mut raw = complaint();
        raw.kind = CaseKind::DsiMatter;
        raw.allegations = vec![RawAllegation::default()];
        let problems = parse(&raw).expect_err("no DSI details");
        assert_eq!(fields(&problems), ["dsi-kind", "dsi-context"]);
        raw.dsi_kind = "death".into();
        raw.dsi_context = "custody".into();
        let case = parse(&raw).expect("valid without allegations");
        assert_eq!(case.dsi, Some((DsiKind::Death, DsiContext::Custody)));
        assert!(case.allegations.is_empty());
        assert_eq!(case.complainant, None, "a DSI matter has no complainant");
    }

    #[test]
    fn a_conduct_matter_says_how_it_came_to_light() {
        // PRA 2002 s.12(2): there is no complainant.
        let mut raw = complaint();
        raw.kind = CaseKind::ConductMatter;
        let problems = parse(&raw).expect_err("no source");
        assert_eq!(fields(&problems), ["how-it-came-to-light"]);
        raw.how_it_came_to_light = "Seen on body-worn video".into();
        raw.complainant_wants_recording = true;
        let case = parse(&raw).expect("valid");
        assert_eq!(case.complainant, None);
        assert!(
            !case.complainant_wants_recording,
            "only a complainant can want a complaint recorded"
        );
    }

    #[test]
    fn a_dsi_matter_raised_inside_the_force_says_by_whom() {
        // The IOPC's published summaries record how a matter came to light.
        let mut raw = complaint();
        raw.kind = CaseKind::DsiMatter;
        raw.dsi_kind = "death".into();
        raw.dsi_context = "custody".into();
        raw.came_to_light = "internal".into();
        let problems = parse(&raw).expect_err("by whom missing");
        assert_eq!(fields(&problems), ["how-it-came-to-light"]);
        raw.how_it_came_to_light = "The custody sergeant called an ambulance and told PSD".into();
        let case = parse(&raw).expect("valid");
        assert_eq!(case.came_to_light, Some(CameToLight::Internal));
        raw.came_to_light = "gossip".into();
        assert_eq!(
            fields(&parse(&raw).expect_err("unknown")),
            ["came-to-light"]
        );
        raw.kind = CaseKind::Complaint;
        raw.came_to_light = "iopc".into();
        assert_eq!(parse(&complaint()).expect("valid").came_to_light, None);
    }

    #[test]
    fn an_agent_needs_a_name_once_any_detail_is_given() {
        let mut raw = complaint();
        raw.agent.email = "agent@example.com".into();
        let problems = parse(&raw).expect_err("agent without a name");
        assert_eq!(fields(&problems), ["agent-name"]);
        raw.agent.name = "A Solicitor".into();
        let case = parse(&raw).expect("valid");
        assert_eq!(
            case.agent.map(|a| (a.full_name, a.contact_method)),
            Some(("A Solicitor".to_owned(), None))
        );
    }

    #[test]
    fn malformed_email_phone_and_force_reference_are_refused() {
        let mut raw = complaint();
        raw.complainant.email = "jane at example.com".into();
        raw.complainant.phone = "call me".into();
        raw.force_reference = "MET<2026>".into();
        let problems = parse(&raw).expect_err("malformed");
        assert_eq!(
            fields(&problems),
            ["complainant-email", "complainant-phone", "force-reference"]
        );
    }

    #[test]
    fn phone_numbers_compare_by_their_digits() {
        assert_eq!(phone_digits("+44 7700 900982"), "07700900982");
        assert_eq!(phone_digits("07700-900-982"), "07700900982");
        assert_eq!(phone_digits("(01632) 960001"), "01632960001");
    }

    #[test]
    fn a_contact_needs_date_method_person_and_what_was_said() {
        let person = uuid::Uuid::from_u128(7);
        let ctx = ContactContext {
            today: today(),
            received_on: d(2026, 2, 1),
            people: &[person],
        };
        let problems = NewContact::parse(&RawContact::default(), ctx).expect_err("empty");
        assert_eq!(
            fields(&problems),
            ["contacted-on-day", "person", "method", "summary"]
        );
        let raw = RawContact {
            contacted_on: raw_date("31", "1", "2026"),
            method: "post".into(),
            person: person.to_string(),
            summary: "Letter with an update".into(),
        };
        let problems = NewContact::parse(&raw, ctx).expect_err("before the case");
        assert_eq!(fields(&problems), ["contacted-on-day"]);
        let raw = RawContact {
            contacted_on: raw_date("14", "3", "2026"),
            ..raw
        };
        let contact = NewContact::parse(&raw, ctx).expect("valid");
        assert_eq!(contact.person_id, Some(person));
        assert_eq!(contact.method, ContactMethod::Post);
        let other = RawContact {
            person: uuid::Uuid::from_u128(8).to_string(),
            ..raw
        };
        assert!(
            NewContact::parse(&other, ctx).is_err(),
            "only the case's people"
        );
    }

    #[test]
    fn evidence_needs_a_description_and_a_date_not_in_the_future() {
        let problems = NewEvidence::parse(&RawEvidence::default(), today()).expect_err("empty");
        assert_eq!(fields(&problems), ["description", "received-on-day"]);
        let raw = RawEvidence {
            description: "CCTV from the shop".into(),
            source: String::new(),
            received_on: raw_date("15", "3", "2026"),
        };
        let problems = NewEvidence::parse(&raw, today()).expect_err("future");
        assert_eq!(fields(&problems), ["received-on-day"]);
        let raw = RawEvidence {
            received_on: raw_date("14", "3", "2026"),
            ..raw
        };
        let item = NewEvidence::parse(&raw, today()).expect("valid");
        assert_eq!(item.source, None);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(200), "200");
        assert_eq!(thousands(2000), "2,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
