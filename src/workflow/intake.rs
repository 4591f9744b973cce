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
//! Which cases a user may see is a separate check (the case scope): a force user adding to
//! another force's case is answered "not found" before these rules are asked.

use crate::domain::vocab::Role;

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

#[cfg(test)]
mod tests {
    use super::*;

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
