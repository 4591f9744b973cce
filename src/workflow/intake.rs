//! Who may log a new case, and who may keep a case's contact and evidence logs. Pure: no I/O.
//!
//! These are not steps of the case machine. A case *starts* at `Logged` ([`super::case::INITIAL`]),
//! so the transition table has no row that creates one; and an entry in the contact or
//! evidence log records what happened without moving any stage. The rules live here, beside
//! the machines, so that the pages and the tests ask one place.
//!
//! * **Logging a case** is the appropriate authority's: a complaint is made to it and it must
//!   record or otherwise handle it (PRA 2002 Sch 3 para 2; CMR 2020 reg 44 keeps even an
//!   unrecorded complaint on record), and it records conduct matters and DSI matters
//!   (Sch 3 paras 11, 14A). In this service the appropriate authority acts through its
//!   force's professional standards department, so only a force PSD user logs, and only for
//!   its own force. The IOPC receives matters by referral, not by logging them (paras 4, 13,
//!   14C); administrators do no casework; a review body only decides reviews.
//! * **Keeping the contact and evidence logs** belongs to whoever handles or investigates the
//!   case. The force keeps the complainant informed and investigates locally; the IOPC keeps
//!   the complainant informed of the investigations it carries out or directs (PRA 2002
//!   s.20) and its investigators gather the evidence of independent investigations (Sch 3
//!   para 19). So force PSD users (their own force's cases), IOPC caseworkers and IOPC
//!   investigators may add entries. Administrators do no casework and review-body users
//!   decide reviews and nothing else (see the module docs of [`crate::workflow`]), so they
//!   may not.
//!
//! * **Adding a subject** is the force's while the case is open, and the IOPC's on a matter
//!   it holds (referred to it, or in an investigation it directs or runs), before the
//!   investigation report (Sch 3 para 22).
//!
//! * **Revising the mandatory-referral grounds** is for whoever must refer or may call the
//!   matter in: the appropriate authority (its force's PSD), whose duty to refer runs from the
//!   moment a ground applies (CMR 2020 regs 4, 7), and the IOPC's caseworkers, who may require
//!   a referral (Sch 3 paras 4(1)(c), 13(1)(c)). Only while the case is open.
//!
//! Which cases a user may see is a separate check (the case scope): a force user adding to
//! another force's case is answered "not found" before these rules are asked.

use crate::domain::vocab::{CaseStage, Role};
use crate::workflow::case::CaseSnapshot;
use crate::workflow::mode;

/// May this role log a new complaint, conduct matter or DSI matter (for its own force)?
/// PRA 2002 Sch 3 paras 2, 11, 14A; CMR 2020 reg 44.
pub const fn may_log_case(role: Role) -> bool {
    matches!(role, Role::ForcePsd)
}

/// May this role add to a case's contact log (updates to the complainant or an interested
/// person)? PRA 2002 ss.20, 21; CMR 2020 reg 34.
pub const fn may_log_contact(role: Role) -> bool {
    matches!(
        role,
        Role::ForcePsd | Role::IopcCaseworker | Role::IopcInvestigator
    )
}

/// May this role add to a case's evidence log? Sch 3 paras 16-19 (whoever investigates).
pub const fn may_log_evidence(role: Role) -> bool {
    matches!(
        role,
        Role::ForcePsd | Role::IopcCaseworker | Role::IopcInvestigator
    )
}

/// May this role link a case to another? Those who handle or investigate cases; which
/// cases, the user's scope decides.
pub const fn may_link_cases(role: Role) -> bool {
    matches!(
        role,
        Role::ForcePsd | Role::IopcCaseworker | Role::IopcInvestigator
    )
}

/// Why a subject may not be added now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddRefusal {
    /// Not this user's role on this case (403).
    NotYourRole,
    /// Not at this stage of the case; the message says why.
    Stage(String),
}

/// Whether a user in `role` (already within the case's scope) may add a subject to `case` now.
pub fn may_add_subject(role: Role, case: &CaseSnapshot) -> Result<(), AddRefusal> {
    let iopc_holds = case.stage == CaseStage::Referred
        || case.investigation_mode.is_some_and(mode::iopc_controls);
    match role {
        Role::ForcePsd => {}
        Role::IopcCaseworker | Role::IopcInvestigator if iopc_holds => {}
        _ => return Err(AddRefusal::NotYourRole),
    }
    // Sch 3 para 22: the report gives an opinion on every subject, so subjects come before it.
    let open = matches!(
        case.stage,
        CaseStage::Logged
            | CaseStage::Recorded
            | CaseStage::Referred
            | CaseStage::ReferredBack
            | CaseStage::UnderInvestigation
            | CaseStage::InvestigationSuspended
    );
    if open {
        Ok(())
    } else {
        Err(AddRefusal::Stage(format!(
            "A subject is added while the case is recorded, assessed or investigated, before the investigation report, which gives an opinion on every subject (PRA 2002 Sch 3 para 22). This case is at the stage “{}”.",
            case.stage.label()
        )))
    }
}

/// Whether a user in `role` (already within the case's scope) may revise the case's
/// mandatory-referral grounds now (CMR 2020 regs 4, 7; Sch 3 paras 4, 13): the force or an
/// IOPC caseworker, while the case is open.
pub fn may_revise_grounds(role: Role, case: &CaseSnapshot) -> Result<(), AddRefusal> {
    if !matches!(role, Role::ForcePsd | Role::IopcCaseworker) {
        return Err(AddRefusal::NotYourRole);
    }
    if crate::workflow::case::TERMINAL.contains(&case.stage) {
        return Err(AddRefusal::Stage(format!(
            "The grounds of a case are revised while it is open: a mandatory-referral ground decides whether it must be referred before it is handled (CMR 2020 regs 4, 7). This case is at the stage “{}”.",
            case.stage.label()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::{CaseKind, InvestigationMode};
    use crate::workflow::{ForceId, LpbId};

    fn case(stage: CaseStage, mode: Option<InvestigationMode>) -> CaseSnapshot {
        let mut c = CaseSnapshot::new(
            CaseKind::ConductMatter,
            ForceId("met".into()),
            LpbId("mopac".into()),
        );
        c.stage = stage;
        c.investigation_mode = mode;
        c
    }

    #[test]
    fn the_force_adds_subjects_to_its_cases_while_they_are_open() {
        for stage in [
            CaseStage::Logged,
            CaseStage::Recorded,
            CaseStage::Referred,
            CaseStage::ReferredBack,
        ] {
            assert_eq!(may_add_subject(Role::ForcePsd, &case(stage, None)), Ok(()));
        }
        assert_eq!(
            may_add_subject(
                Role::ForcePsd,
                &case(
                    CaseStage::UnderInvestigation,
                    Some(InvestigationMode::Independent)
                )
            ),
            Ok(())
        );
    }

    #[test]
    fn iopc_adds_subjects_only_to_matters_it_holds() {
        for role in [Role::IopcCaseworker, Role::IopcInvestigator] {
            assert_eq!(
                may_add_subject(role, &case(CaseStage::Referred, None)),
                Ok(())
            );
            for mode in [InvestigationMode::Directed, InvestigationMode::Independent] {
                assert_eq!(
                    may_add_subject(role, &case(CaseStage::UnderInvestigation, Some(mode))),
                    Ok(())
                );
            }
            assert_eq!(
                may_add_subject(
                    role,
                    &case(
                        CaseStage::UnderInvestigation,
                        Some(InvestigationMode::Local)
                    )
                ),
                Err(AddRefusal::NotYourRole)
            );
            assert_eq!(
                may_add_subject(role, &case(CaseStage::Recorded, None)),
                Err(AddRefusal::NotYourRole)
            );
        }
        for role in [Role::IopcAdmin, Role::ReviewBody] {
            assert_eq!(
                may_add_subject(role, &case(CaseStage::Referred, None)),
                Err(AddRefusal::NotYourRole)
            );
        }
    }

    #[test]
    fn no_subject_is_added_after_the_investigation_report() {
        for stage in [
            CaseStage::ReportReceived,
            CaseStage::DeterminationsMade,
            CaseStage::Closed,
        ] {
            let refusal =
                may_add_subject(Role::ForcePsd, &case(stage, Some(InvestigationMode::Local)));
            assert!(
                matches!(&refusal, Err(AddRefusal::Stage(m)) if m.contains("Sch 3 para 22")),
                "{stage:?}: {refusal:?}"
            );
        }
    }

    /// CMR 2020 regs 4, 7; Sch 3 paras 4(1)(c), 13(1)(c).
    #[test]
    fn cmr_2020_reg_4_the_force_and_the_iopc_revise_the_grounds_of_an_open_case() {
        for role in [Role::ForcePsd, Role::IopcCaseworker] {
            for stage in [
                CaseStage::Logged,
                CaseStage::Recorded,
                CaseStage::ReferredBack,
            ] {
                assert_eq!(may_revise_grounds(role, &case(stage, None)), Ok(()));
            }
            assert!(matches!(
                may_revise_grounds(role, &case(CaseStage::Closed, None)),
                Err(AddRefusal::Stage(m)) if m.contains("CMR 2020 regs 4, 7")
            ));
        }
        for role in [Role::IopcInvestigator, Role::IopcAdmin, Role::ReviewBody] {
            assert_eq!(
                may_revise_grounds(role, &case(CaseStage::Recorded, None)),
                Err(AddRefusal::NotYourRole)
            );
        }
    }

    #[test]
    fn only_the_appropriate_authority_logs_a_case() {
        for role in Role::ALL {
            assert_eq!(
                may_log_case(*role),
                *role == Role::ForcePsd,
                "{role:?}: only a force (the appropriate authority) logs cases"
            );
        }
    }

    #[test]
    fn those_who_handle_or_investigate_a_case_keep_its_contact_and_evidence_logs() {
        for role in [Role::ForcePsd, Role::IopcCaseworker, Role::IopcInvestigator] {
            assert!(
                may_log_contact(role),
                "{role:?} keeps the complainant informed"
            );
            assert!(may_log_evidence(role), "{role:?} gathers evidence");
        }
    }

    #[test]
    fn administrators_and_review_bodies_keep_no_case_logs() {
        for role in [Role::IopcAdmin, Role::ReviewBody] {
            assert!(!may_log_contact(role), "{role:?}");
            assert!(!may_log_evidence(role), "{role:?}");
            assert!(!may_log_case(role), "{role:?}");
        }
    }
}
