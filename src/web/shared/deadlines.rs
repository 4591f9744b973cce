//! Statutory deadlines as the pages show them: the clock's name, its source, the due date in
//! words ("due in 3 working days") and whether it is overdue or due soon.

use chrono::NaiveDate;

use crate::workflow::clocks::{Deadline, DeadlineStatus};
use crate::workflow::{Calendar, Regime};

/// A statutory clock, as the case and subject pages show it.
pub struct DeadlineView {
    pub(crate) name: String,
    pub(crate) source: String,
    pub(crate) text: String,
    pub(crate) overdue: bool,
    pub(crate) due_soon: bool,
    pub(crate) unverified: bool,
}

pub(crate) fn deadline_view(
    name: String,
    d: &Deadline,
    regime: Regime,
    today: NaiveDate,
    cal: &Calendar,
) -> DeadlineView {
    let status = d.status(today, cal);
    DeadlineView {
        name,
        source: d.kind.source(regime).into_owned(),
        text: d.describe(today, cal),
        overdue: status == DeadlineStatus::Overdue,
        due_soon: status == DeadlineStatus::DueSoon,
        unverified: d.kind.unverified(regime),
    }
}
