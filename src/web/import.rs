//! `oversight import FILE`: loads a force's open caseload from a JSON file by replaying each
//! case's history through the same forms, checks and workflow as a caseworker entering it by
//! hand, with the dates each step happened.
//!
//! The format (documented for users in `docs/import.md`) is the pages' own: a case is the
//! logging form's fields, then its steps in the order they were taken, each naming the
//! account that took it, the date it happened and the fields of that step's form. Because the
//! fields are read by the pages' parsers and the steps taken through the step pipeline's
//! [`take_in`](crate::web::shared::step::take_in), an imported case has passed exactly the
//! checks of one entered through the pages: the roles, the order of the steps, the dates, the
//! grounds, the review window.
//!
//! The whole file is one transaction: the first refusal (naming the case, the step and the
//! rule) rolls everything back, so a file imports completely or not at all.
//!
//! This sits in the web layer rather than beside the demo loader because the format is the
//! forms': it uses each feature's form reading, as the router uses each feature's routes.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::cases::{CaseSteps, log_in};
use super::recommendations::make_in;
use super::shared::form::{HAPPENED_ON, Posted};
use super::shared::ids::{CaseId, SubjectId};
use super::shared::step::take_in;
use super::subjects::SubjectSteps;
use crate::auth::session::{StaffUser, account};
use crate::workflow::Calendar;

/// The step that makes a learning recommendation (the recommendation form's fields).
pub const MAKE_RECOMMENDATION: &str = "make_recommendation";

/// A file of cases to import.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportFile {
    pub cases: Vec<ImportCase>,
}

/// One case: how it was logged, then its steps in the order they were taken.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportCase {
    /// The file's own name for the case, used in messages (its old system's reference).
    pub id: String,
    /// The account that logged it (a force PSD account of the case's force).
    pub logged_by: String,
    /// The day it was logged.
    pub logged_on: NaiveDate,
    /// The logging form's fields.
    pub form: Fields,
    #[serde(default)]
    pub steps: Vec<ImportStep>,
}

/// One step of a case's history.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportStep {
    /// The step's code: a case step, a subject step (with `subject`), or
    /// [`MAKE_RECOMMENDATION`].
    pub step: String,
    /// The account that took it.
    pub by: String,
    /// The day it happened.
    pub on: NaiveDate,
    /// For a subject's step, the subject's name as logged ("Officer A").
    #[serde(default)]
    pub subject: Option<String>,
    /// The step form's fields.
    #[serde(default)]
    pub fields: Fields,
}

/// A form's fields by name: one value, or several (ticked checkboxes). A value written as an
/// ISO date (`2020-06-24`) fills the three boxes of the date input of that name. Where a form
/// names a record by its key, the file names it instead: `{allegation 2}` (the case's second
/// allegation, in the order logged) and `{force met}` (a force by its code), in a field's name
/// or value.
pub type Fields = BTreeMap<String, FieldValue>;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    One(String),
    Many(Vec<String>),
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file is not the documented JSON.
    Format(String),
    /// A case or one of its steps was refused.
    Refused {
        case: String,
        /// The step's place in the case's history (0: the logging).
        step: usize,
        code: String,
        message: String,
    },
    Database(sqlx::Error),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Format(e) => write!(f, "the file is not an import file: {e}"),
            ImportError::Refused {
                case,
                step: 0,
                message,
                ..
            } => write!(f, "case {case}, logging: {message}"),
            ImportError::Refused {
                case,
                step,
                code,
                message,
            } => write!(f, "case {case}, step {step} ({code}): {message}"),
            ImportError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Database(e)
    }
}

/// Reads an import file.
pub fn parse(json: &str) -> Result<ImportFile, ImportError> {
    serde_json::from_str(json).map_err(|e| ImportError::Format(e.to_string()))
}

/// The fields as a form would post them, with the records they name by `{...}` resolved by
/// `resolve`.
fn posted_with(
    fields: &Fields,
    resolve: impl Fn(&str) -> Result<String, String>,
) -> Result<Posted, String> {
    let mut posted = Posted::default();
    for (name, value) in fields {
        let name = resolve(name)?;
        let values = match value {
            FieldValue::One(v) => std::slice::from_ref(v),
            FieldValue::Many(vs) => vs.as_slice(),
        };
        for v in values {
            match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                Ok(date) => posted.set_date(&name, date),
                Err(_) => posted.add(&name, resolve(v)?),
            }
        }
    }
    Ok(posted)
}

fn posted(fields: &Fields) -> Posted {
    posted_with(fields, |s| Ok(s.to_owned())).unwrap_or_default()
}

/// The keys `{allegation N}` and `{force CODE}` stand for.
struct Keys {
    allegations: Vec<Uuid>,
    forces: HashMap<String, Uuid>,
}

impl Keys {
    async fn of(conn: &mut PgConnection, case_id: Uuid) -> sqlx::Result<Keys> {
        let allegations = sqlx::query_scalar!(
            "select allegation_id from allegation where case_id = $1 order by entry_order",
            case_id
        )
        .fetch_all(&mut *conn)
        .await?;
        let forces = sqlx::query!("select code, police_force_id from police_force")
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| (r.code, r.police_force_id))
            .collect();
        Ok(Keys {
            allegations,
            forces,
        })
    }

    /// `text` with each `{allegation N}` and `{force CODE}` replaced by the record's key.
    fn resolve(&self, text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push_str(&rest[..start]);
            let token = &rest[start + 1..start + len];
            let key = match token.split_once(' ') {
                Some(("allegation", n)) => n
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| self.allegations.get(n.checked_sub(1)?))
                    .ok_or_else(|| format!("the case has no allegation {n}"))?
                    .to_string(),
                Some(("force", code)) => self
                    .forces
                    .get(code.trim())
                    .ok_or_else(|| format!("no force has the code {code}"))?
                    .to_string(),
                _ => format!("{{{token}}}"),
            };
            out.push_str(&key);
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Imports every case of the file, or none. Returns the new cases' ids in file order.
pub async fn import(pool: &PgPool, file: &ImportFile) -> Result<Vec<Uuid>, ImportError> {
    let calendar = Arc::new(crate::db::calendar::load(pool).await?);
    let today = crate::db::today(pool).await?;
    let mut tx = pool.begin().await?;
    let mut accounts = Accounts::default();
    let mut ids = Vec::with_capacity(file.cases.len());
    for case in &file.cases {
        ids.push(replay(&mut tx, &calendar, &mut accounts, case, today).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

async fn replay(
    conn: &mut PgConnection,
    calendar: &Arc<Calendar>,
    accounts: &mut Accounts,
    case: &ImportCase,
    today: NaiveDate,
) -> Result<Uuid, ImportError> {
    let refused = |step: usize, code: &str, message: String| ImportError::Refused {
        case: case.id.clone(),
        step,
        code: code.to_owned(),
        message,
    };
    let logger = accounts
        .get(conn, &case.logged_by)
        .await?
        .ok_or_else(|| refused(0, "log", unknown_account(&case.logged_by)))?;
    let mut form = posted(&case.form);
    form.set_date("logged-on", case.logged_on);
    let case_id = log_in(conn, &logger, &form, today)
        .await
        .map_err(|m| refused(0, "log", m))?;
    let keys = Keys::of(conn, case_id).await?;
    for (i, step) in case.steps.iter().enumerate() {
        let n = i + 1;
        let user = accounts
            .get(conn, &step.by)
            .await?
            .ok_or_else(|| refused(n, &step.step, unknown_account(&step.by)))?;
        let mut form = posted_with(&step.fields, |t| keys.resolve(t))
            .map_err(|m| refused(n, &step.step, m))?;
        form.set_date(HAPPENED_ON, step.on);
        let taken = match (&step.subject, step.step.as_str()) {
            (None, MAKE_RECOMMENDATION) => {
                form.set_date("made-on", step.on);
                make_in(conn, &user, case_id, &form, today)
                    .await
                    .map(|_| ())
            }
            (None, code) => {
                take_in::<CaseSteps>(conn, calendar, &user, CaseId(case_id), code, &form).await
            }
            (Some(name), code) => match subject_named(conn, case_id, name).await? {
                Some(subject) => {
                    let ids = (CaseId(case_id), SubjectId(subject));
                    take_in::<SubjectSteps>(conn, calendar, &user, ids, code, &form).await
                }
                None => Err(format!("the case has no subject called “{name}”")),
            },
        };
        taken.map_err(|m| refused(n, &step.step, m))?;
    }
    Ok(case_id)
}

fn unknown_account(email: &str) -> String {
    format!("no enabled staff account has the email {email}")
}

async fn subject_named(
    conn: &mut PgConnection,
    case_id: Uuid,
    name: &str,
) -> sqlx::Result<Option<Uuid>> {
    sqlx::query_scalar!(
        "select cs.case_subject_id from case_subject cs join subject s using (subject_id)
          where cs.case_id = $1 and s.name = $2
          order by cs.created_at limit 1",
        case_id,
        name
    )
    .fetch_optional(conn)
    .await
}

/// The accounts steps are taken as, looked up once each.
#[derive(Default)]
struct Accounts(HashMap<String, Option<StaffUser>>);

impl Accounts {
    async fn get(
        &mut self,
        conn: &mut PgConnection,
        email: &str,
    ) -> sqlx::Result<Option<StaffUser>> {
        if let Some(user) = self.0.get(email) {
            return Ok(user.clone());
        }
        let user = account(conn, email).await?;
        self.0.insert(email.to_owned(), user.clone());
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_fill_the_three_boxes_and_lists_are_ticked_boxes() {
        let file = parse(
            r#"{"cases": [{"id": "A1", "logged_by": "psd@met.example", "logged_on": "2020-06-22",
                "form": {"received-on": "2020-06-22", "grounds": ["a", "b"], "summary": "Text"}}]}"#,
        )
        .expect("a valid file");
        let p = posted(&file.cases[0].form);
        assert_eq!(p.get("received-on-day"), "22");
        assert_eq!(p.get("received-on-month"), "6");
        assert_eq!(p.get("received-on-year"), "2020");
        assert_eq!(p.all("grounds"), ["a", "b"]);
        assert_eq!(p.get("summary"), "Text");
    }

    #[test]
    fn records_named_in_braces_are_given_their_keys() {
        let a1 = Uuid::new_v4();
        let met = Uuid::new_v4();
        let keys = Keys {
            allegations: vec![a1],
            forces: HashMap::from([("met".to_owned(), met)]),
        };
        assert_eq!(
            keys.resolve("finding-{allegation 1}").expect("known"),
            format!("finding-{a1}")
        );
        assert_eq!(keys.resolve("{force met}").expect("known"), met.to_string());
        assert_eq!(keys.resolve("no braces").expect("plain"), "no braces");
        assert!(keys.resolve("{allegation 2}").is_err());
        assert!(keys.resolve("{force xyz}").is_err());
    }

    #[test]
    fn an_unknown_key_is_a_format_error() {
        let err = parse(r#"{"cases": [], "extra": 1}"#).expect_err("unknown key");
        assert!(matches!(err, ImportError::Format(_)));
    }
}
