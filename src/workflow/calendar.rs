//! Working days in England and Wales.
//!
//! A working day is any day except a Saturday, a Sunday, Christmas Day, Good Friday or a bank
//! holiday in England and Wales (the 2004 definition; whether the 2020 regulations repeat it
//! word for word is unverified, see domain.md section 3). Christmas Day and Good Friday are
//! named by the definition itself (they are common-law holidays, not bank holidays), so the
//! calendar always treats them as non-working: Christmas is fixed and Good Friday follows from
//! Easter. Every other holiday is *data*: the bank holidays come from a table the caller loads
//! (the main crate keeps them in the database) because they change, as the 2022 Platinum
//! Jubilee and state-funeral days showed. The calendar is a plain value: no I/O, cheap to
//! clone, built once per request or cached.
//!
//! Counting convention: `add_working_days(d, n)` is the n-th working day *after* `d` (the day
//! itself never counts, as with "within 5 working days of the outcome"), and
//! `working_days_between(a, b)` counts the working days in `(a, b]`, negative when `b < a`.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The working-day calendar: weekends, Christmas Day, Good Friday and the given bank holidays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A calendar from the bank holidays of England and Wales (any order, duplicates ignored).
    pub fn new(bank_holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Calendar {
            holidays: bank_holidays.into_iter().collect(),
        }
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let weekday = date.weekday();
        if matches!(weekday, Weekday::Sat | Weekday::Sun) {
            return false;
        }
        let christmas = date.month() == 12 && date.day() == 25;
        // Easter is only worked out for a Friday in March or April: deadlines count thousands
        // of days a second, and this keeps each check to a few comparisons.
        let good_friday = weekday == Weekday::Fri
            && matches!(date.month(), 3 | 4)
            && Some(date) == good_friday(date.year());
        !(christmas || good_friday || self.holidays.contains(&date))
    }

    /// The `n`-th working day after `date` (before it when `n` is negative; `date` itself
    /// when `n` is 0).
    pub fn add_working_days(&self, date: NaiveDate, n: i64) -> NaiveDate {
        let mut d = date;
        let mut left = n.unsigned_abs();
        while left > 0 {
            d = if n > 0 { next_day(d) } else { previous_day(d) };
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days in `(from, to]`; negative (the days in `(to, from]`) when `to < from`.
    ///
    /// Counted by arithmetic, not day by day: the weekdays of the range less the weekdays
    /// in it that are holidays. Pages compute several such spans per case, some of them
    /// years long, so this is worth the few lines.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (start, end, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let days = (end - start).num_days();
        let mut weekdays = days / 7 * 5;
        let mut d = start + chrono::Duration::days(days / 7 * 7);
        while d < end {
            d = next_day(d);
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                weekdays += 1;
            }
        }
        // Holidays in the range that fall on a weekday: the table's, Christmas Day and Good
        // Friday (each counted once, as `is_working_day` treats them).
        let mut off: BTreeSet<NaiveDate> = self
            .holidays
            .range((
                std::ops::Bound::Excluded(start),
                std::ops::Bound::Included(end),
            ))
            .copied()
            .collect();
        for year in start.year()..=end.year() {
            off.extend(NaiveDate::from_ymd_opt(year, 12, 25));
            off.extend(good_friday(year));
        }
        let holidays = off
            .into_iter()
            .filter(|d| *d > start && *d <= end)
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
            .count() as i64;
        sign * (weekdays - holidays)
    }
}

fn next_day(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

fn previous_day(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(Days::new(1)).unwrap_or(d)
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Good Friday: two days before Easter Sunday.
pub fn good_friday(year: i32) -> Option<NaiveDate> {
    easter_sunday(year)?.checked_sub_days(Days::new(2))
}

/// An English date as GOV.UK writes it: "14 March 2026" (no leading zero).
pub fn english_date(date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS.get(date.month0() as usize).copied().unwrap_or("?");
    format!("{} {} {}", date.day(), month, date.year())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    /// Real England and Wales bank holidays the tests need (gov.uk/bank-holidays). Good
    /// Friday and Christmas Day are listed too, as the database table lists them; the
    /// calendar copes with either.
    pub(crate) fn england_and_wales() -> Calendar {
        Calendar::new([
            // 2020
            d(2020, 12, 25),
            d(2020, 12, 28),
            // 2021
            d(2021, 1, 1),
            d(2021, 4, 2),
            d(2021, 4, 5),
            d(2021, 5, 3),
            d(2021, 5, 31),
            d(2021, 8, 30),
            d(2021, 12, 27),
            d(2021, 12, 28),
            // 2022, with the Platinum Jubilee (2 and 3 June) and the state funeral (19 September)
            d(2022, 1, 3),
            d(2022, 4, 15),
            d(2022, 4, 18),
            d(2022, 5, 2),
            d(2022, 6, 2),
            d(2022, 6, 3),
            d(2022, 8, 29),
            d(2022, 9, 19),
            d(2022, 12, 26),
            d(2022, 12, 27),
            // 2024
            d(2024, 1, 1),
            d(2024, 3, 29),
            d(2024, 4, 1),
            d(2024, 5, 6),
            d(2024, 5, 27),
            d(2024, 8, 26),
            d(2024, 12, 25),
            d(2024, 12, 26),
            // 2025
            d(2025, 1, 1),
            d(2025, 4, 18),
            d(2025, 4, 21),
            d(2025, 5, 5),
            d(2025, 5, 26),
            d(2025, 8, 25),
            d(2025, 12, 25),
            d(2025, 12, 26),
            // 2026
            d(2026, 1, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 4),
            d(2026, 5, 25),
            d(2026, 8, 31),
            d(2026, 12, 25),
            d(2026, 12, 28),
        ])
    }

    #[test]
    fn weekends_and_bank_holidays_are_not_working_days() {
        let cal = england_and_wales();
        assert!(!cal.is_working_day(d(2026, 3, 14))); // Saturday
        assert!(!cal.is_working_day(d(2026, 3, 15))); // Sunday
        assert!(cal.is_working_day(d(2026, 3, 16)));
        assert!(!cal.is_working_day(d(2022, 6, 2))); // Platinum Jubilee
        assert!(!cal.is_working_day(d(2022, 6, 3)));
        assert!(!cal.is_working_day(d(2022, 9, 19))); // state funeral
        assert!(!cal.is_working_day(d(2026, 12, 28))); // Boxing Day substitute
    }

    #[test]
    fn christmas_day_and_good_friday_are_never_working_days_even_without_data() {
        let empty = Calendar::new([]);
        assert!(!empty.is_working_day(d(2025, 12, 25)));
        assert!(!empty.is_working_day(d(2024, 3, 29)));
        assert!(!empty.is_working_day(d(2025, 4, 18)));
        assert!(!empty.is_working_day(d(2026, 4, 3)));
        assert!(empty.is_working_day(d(2026, 4, 6))); // Easter Monday is data, not code
    }

    #[test]
    fn easter_is_computed_for_the_years_the_data_covers() {
        assert_eq!(easter_sunday(2022), Some(d(2022, 4, 17)));
        assert_eq!(easter_sunday(2024), Some(d(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(d(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
    }

    #[test]
    fn adding_working_days_skips_the_weekend() {
        let cal = england_and_wales();
        // Thursday 12 March 2026 + 5 WD = Thursday 19 March 2026
        assert_eq!(cal.add_working_days(d(2026, 3, 12), 5), d(2026, 3, 19));
        // Friday + 1 = Monday
        assert_eq!(cal.add_working_days(d(2026, 3, 13), 1), d(2026, 3, 16));
        assert_eq!(cal.add_working_days(d(2026, 3, 16), -1), d(2026, 3, 13));
        assert_eq!(cal.add_working_days(d(2026, 3, 14), 0), d(2026, 3, 14));
    }

    #[test]
    fn adding_working_days_skips_christmas_and_new_year() {
        let cal = england_and_wales();
        // Tuesday 23 Dec 2025 + 5 WD: 24, 29, 30, 31 Dec, 2 Jan 2026
        assert_eq!(cal.add_working_days(d(2025, 12, 23), 5), d(2026, 1, 2));
        // 2026: Christmas Friday, Boxing Day substitute Monday 28
        assert_eq!(cal.add_working_days(d(2026, 12, 24), 1), d(2026, 12, 29));
    }

    #[test]
    fn adding_working_days_skips_easter() {
        let cal = england_and_wales();
        // Thursday 2 April 2026 + 1 = Tuesday 7 April 2026
        assert_eq!(cal.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
        // Thursday 28 March 2024 + 1 = Tuesday 2 April 2024
        assert_eq!(cal.add_working_days(d(2024, 3, 28), 1), d(2024, 4, 2));
        // Thursday 17 April 2025 + 2 = Wednesday 23 April 2025
        assert_eq!(cal.add_working_days(d(2025, 4, 17), 2), d(2025, 4, 23));
    }

    #[test]
    fn adding_working_days_skips_the_2022_extra_bank_holidays() {
        let cal = england_and_wales();
        // Wednesday 1 June 2022 + 1 = Monday 6 June (Jubilee Thursday and Friday)
        assert_eq!(cal.add_working_days(d(2022, 6, 1), 1), d(2022, 6, 6));
        // Friday 16 September 2022 + 1 = Tuesday 20 September (state funeral)
        assert_eq!(cal.add_working_days(d(2022, 9, 16), 1), d(2022, 9, 20));
    }

    #[test]
    fn working_days_between_counts_the_half_open_interval_and_signs_it() {
        let cal = england_and_wales();
        assert_eq!(cal.working_days_between(d(2026, 3, 13), d(2026, 3, 17)), 2);
        assert_eq!(cal.working_days_between(d(2026, 3, 17), d(2026, 3, 13)), -2);
        assert_eq!(cal.working_days_between(d(2026, 3, 13), d(2026, 3, 13)), 0);
        // Across the Jubilee: Tue 31 May -> Tue 7 June 2022 = 1, 6, 7 June
        assert_eq!(cal.working_days_between(d(2022, 5, 31), d(2022, 6, 7)), 3);
    }

    #[test]
    fn english_dates_have_no_leading_zero() {
        assert_eq!(english_date(d(2026, 3, 4)), "4 March 2026");
        assert_eq!(english_date(d(2022, 3, 17)), "17 March 2022");
    }
}
