//! A case's mandatory-referral grounds (PRA 2002 Sch 3 paras 4(1), 13(1); CMR 2020 regs 4,
//! 7): the checklist the recording step asks, and the page that revises the answer later.
//!
//! * The checklist lists every ground with a plain-English description, and an exclusive
//!   "None of these applies": the user must tick one or the other, so "no ground" is an
//!   answer given, not a box left empty. The Record step on the case page asks it
//!   (`actions.rs`), and so does this page.
//! * `GET /cases/{case_id}/grounds`, `POST /cases/{case_id}/grounds`: the grounds revised,
//!   with the reason, and an audit event the timeline shows. A ground that no referral covered
//!   (a new one after the IOPC referred the matter back, say) again blocks every local route
//!   until the matter is referred: `workflow::case`, guard `NoUnreferredMandatoryGround`.
//!
//! Who may: `workflow::intake::may_revise_grounds` (the force's PSD and IOPC caseworkers,
//! while the case is open; others get a 403 written to the audit trail). Which cases: the
//! user's scope, so another force's case is a 404. The form carries the case's version; a
//! change meanwhile is a 409. Problems come back beside their fields (422) with the input
//! kept; success is a 303 to the case page with a banner.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::auth::session::StaffUser;
use crate::db::grounds::{self as db, GroundsTarget};
use crate::db::workflow::{ActingUser, ApplyError};
use crate::domain::vocab::CaseKind;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{ChoiceField, Field, Posted, Reader, TextField};
use crate::web::shared::ids::{CaseId, Ids};
use crate::web::shared::render::{Page, html};
use crate::workflow::case::{CaseSnapshot, MandatoryGround};
use crate::workflow::intake::{self, AddRefusal};

/// The value of the exclusive answer "None of these applies".
pub const NONE_APPLIES: &str = "none";
/// The longest reason a revision accepts.
const MAX_REASON: usize = 4000;

/// The checklist's question.
pub const LEGEND: &str = "Do any of the mandatory-referral grounds apply?";
/// What to do when the checklist is left unanswered.
pub const MISSING: &str =
    "Tick the mandatory-referral grounds that apply, or tick “None of these applies”";
const BOTH: &str = "Tick the grounds that apply or “None of these applies”, not both";

/// The hint above the checklist: what ticking a ground means.
pub fn hint(kind: CaseKind) -> String {
    let what = if kind == CaseKind::Complaint {
        "complaint"
    } else {
        "matter"
    };
    format!(
        "If any of these applies, the {what} must be referred to the IOPC before it is handled \
         locally (Police Reform Act 2002 Schedule 3 paragraphs 4 and 13; CMR 2020 regulations 4 \
         and 7). Tick every ground that applies. The descriptions put the regulations in plain \
         English and their wording is unverified: check the regulations where in doubt."
    )
}

/// The checklist's options: (value, label, hint), every ground with its description, then the
/// exclusive "None of these applies".
pub fn options() -> Vec<(&'static str, String, Option<String>)> {
    MandatoryGround::ALL
        .iter()
        .map(|g| {
            (
                g.as_str(),
                g.label().to_owned(),
                Some(g.description().to_owned()),
            )
        })
        .chain(std::iter::once((
            NONE_APPLIES,
            "None of these applies".to_owned(),
            None,
        )))
        .collect()
}

/// The checklist's answer from the values ticked: the grounds, or none when "None of these
/// applies" was ticked; the message to show beside the field when there is no answer or both.
pub fn answer(ticked: &[String]) -> Result<Vec<MandatoryGround>, &'static str> {
    let none = ticked.iter().any(|v| v == NONE_APPLIES);
    let grounds: Vec<MandatoryGround> = MandatoryGround::ALL
        .iter()
        .copied()
        .filter(|g| ticked.iter().any(|v| v == g.as_str()))
        .collect();
    match (none, grounds.is_empty()) {
        (true, true) => Ok(Vec::new()),
        (false, false) => Ok(grounds),
        (false, true) => Err(MISSING),
        (true, false) => Err(BOTH),
    }
}

/// The answer in words, for the timeline: "serious assault, serious sexual offence" or
/// "none of them applies".
pub fn in_words(grounds: &[MandatoryGround]) -> String {
    if grounds.is_empty() {
        "none of them applies".to_owned()
    } else {
        grounds
            .iter()
            .map(|g| g.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The case's grounds as the case page's summary says them, each marked where no referral
/// covered it.
pub fn summary(snapshot: &CaseSnapshot) -> String {
    if snapshot.mandatory_grounds.is_empty() {
        return if snapshot.kind == CaseKind::DsiMatter {
            "None besides death or serious injury: every such matter is referred (PRA 2002 Part 2A)"
                .to_owned()
        } else if snapshot.stage == crate::domain::CaseStage::Logged {
            "Not asked yet: they are asked when the case is recorded".to_owned()
        } else {
            "None recorded".to_owned()
        };
    }
    let unreferred = snapshot.unreferred_grounds();
    snapshot
        .mandatory_grounds
        .iter()
        .map(|g| {
            if unreferred.contains(g) {
                format!("{} (not yet referred)", g.label())
            } else {
                format!("{} (referred)", g.label())
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The banner on the case page after the grounds were revised (`?done=grounds`).
pub fn banner() -> (String, String) {
    (
        "Mandatory-referral grounds revised".to_owned(),
        "The change and its reason are in the case history. A ground that no referral has \
         covered must be referred to the IOPC before the case is handled locally (CMR 2020 \
         regulations 4 and 7)."
            .to_owned(),
    )
}

#[derive(askama::Template)]
#[template(path = "cases/grounds.html")]
struct GroundsPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    action: String,
    case_href: String,
    reference: String,
    version: i32,
    /// The case's grounds now, in words.
    current: String,
    /// Why the grounds cannot be revised now, instead of the form.
    closed: Option<String>,
    fields: Vec<Field>,
}

fn fields(kind: CaseKind, posted: &Posted, errors: &FormErrors) -> Vec<Field> {
    let options: Vec<(String, String, Option<String>)> = options()
        .into_iter()
        .map(|(c, l, h)| (c.to_owned(), l, h))
        .collect();
    vec![
        Field::Checkboxes(
            ChoiceField::with_hints(
                "grounds",
                Some(LEGEND),
                options,
                posted.all("grounds"),
                errors,
            )
            .hint(hint(kind))
            .exclusive_last(),
        ),
        Field::Text(
            TextField::textarea(
                "reason",
                "Why are the grounds changing?",
                posted.get("reason"),
                errors,
                4,
            )
            .hint("For example, what new information shows. It is kept in the case history.")
            .max(MAX_REASON),
        ),
    ]
}

/// The case, when the user may see it (404 otherwise) and has a role that revises grounds
/// (403, audited, otherwise).
async fn target(state: &AppState, user: &CurrentUser, case_id: CaseId) -> AppResult<GroundsTarget> {
    let t = db::target(&state.pool, case_id.0, user.scope())
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(AddRefusal::NotYourRole) = intake::may_revise_grounds(user.role, &t.snapshot) {
        return user.refuse(&state.pool, "revise_referral_grounds").await;
    }
    Ok(t)
}

fn page(
    user: &StaffUser,
    t: &GroundsTarget,
    version: i32,
    posted: &Posted,
    errors: FormErrors,
) -> AppResult<Response> {
    let status = errors.status();
    let closed = match intake::may_revise_grounds(user.role, &t.snapshot) {
        Err(AddRefusal::Stage(m)) => Some(m),
        _ => None,
    };
    let body = html(&GroundsPage {
        lang: Page::ENGLISH,
        user,
        nav: "cases",
        fields: fields(t.snapshot.kind, posted, &errors),
        errors,
        action: format!("/cases/{}/grounds", t.case_id),
        case_href: format!("/cases/{}", t.case_id),
        reference: t.reference.clone(),
        version,
        current: summary(&t.snapshot),
        closed,
    })?;
    Ok((status, body).into_response())
}

/// `GET /cases/{case_id}/grounds`: the checklist, with the case's grounds ticked (or "None
/// of these applies" once the case has been recorded without any).
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Ids(case_id): Ids<CaseId>,
) -> AppResult<Response> {
    let t = target(&state, &user, case_id).await?;
    let mut posted = Posted::default();
    for g in &t.snapshot.mandatory_grounds {
        posted.add("grounds", g.as_str());
    }
    if t.snapshot.mandatory_grounds.is_empty()
        && t.snapshot.stage != crate::domain::CaseStage::Logged
    {
        posted.add("grounds", NONE_APPLIES);
    }
    page(&user, &t, t.version, &posted, FormErrors::default())
}

/// `POST /cases/{case_id}/grounds`
pub async fn revise(
    State(state): State<AppState>,
    Ids(case_id): Ids<CaseId>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    let t = target(&state, &user, case_id).await?;
    let version = posted.version();
    let mut r = Reader::form(&posted, t.today);
    if let Err(AddRefusal::Stage(m)) = intake::may_revise_grounds(user.role, &t.snapshot) {
        r.fail("grounds", m);
    }
    let ticked = r.any_of(
        "grounds",
        &options().iter().map(|(c, _, _)| *c).collect::<Vec<_>>(),
    );
    let grounds = match answer(&ticked) {
        Ok(grounds) => Some(grounds),
        Err(message) => {
            r.fail("grounds", message);
            None
        }
    };
    if let Some(g) = &grounds {
        let mut now = t.snapshot.mandatory_grounds.clone();
        now.sort_by_key(|x| x.as_str());
        let mut asked = g.clone();
        asked.sort_by_key(|x| x.as_str());
        if now == asked {
            r.fail(
                "grounds",
                "These are the grounds the case already has: tick the grounds that apply now",
            );
        }
    }
    let reason = r.required_text("reason", "why the grounds are changing", MAX_REASON);
    let (Some(grounds), Some(reason), true) = (grounds, reason, r.is_ok()) else {
        return page(
            &user,
            &t,
            version.unwrap_or(t.version),
            &posted,
            r.into_errors(),
        );
    };
    let version = version.ok_or(AppError::Conflict)?;
    let acting = ActingUser {
        actor: user.actor(),
        staff_user_id: Some(user.id),
        description: None,
    };
    match db::revise(&state.pool, t.case_id, version, &grounds, &reason, &acting).await {
        Ok(_) => Ok(Redirect::to(&format!("/cases/{}?done=grounds", t.case_id)).into_response()),
        Err(ApplyError::Conflict) => Err(AppError::Conflict),
        Err(ApplyError::NotFound) => Err(AppError::NotFound),
        Err(ApplyError::Refused(refusal)) => {
            let mut errors = FormErrors::default();
            errors.add("grounds", refusal.message());
            page(&user, &t, version, &posted, errors)
        }
        Err(ApplyError::Database(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticked(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    /// CMR 2020 regs 4, 7: the checklist's answer is explicit, a ground or "none".
    #[test]
    fn cmr_2020_reg_4_the_checklist_needs_grounds_or_none_but_not_both() {
        assert_eq!(answer(&ticked(&[])), Err(MISSING));
        assert_eq!(answer(&ticked(&["none", "serious_assault"])), Err(BOTH));
        assert_eq!(answer(&ticked(&["none"])), Ok(Vec::new()));
        assert_eq!(
            answer(&ticked(&["serious_sexual_offence", "serious_assault"])),
            Ok(vec![
                MandatoryGround::SeriousAssault,
                MandatoryGround::SeriousSexualOffence
            ])
        );
    }

    #[test]
    fn every_ground_is_offered_with_a_description_and_none_comes_last() {
        let o = options();
        assert_eq!(o.len(), MandatoryGround::ALL.len() + 1);
        assert!(o[..o.len() - 1].iter().all(|(_, _, h)| h.is_some()));
        assert_eq!(o.last().map(|(c, _, _)| *c), Some(NONE_APPLIES));
    }
}
