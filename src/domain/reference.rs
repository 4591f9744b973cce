//! Case references. The IOPC's published references have the form `YYYY/NNNNNN`
//! (year, a slash, a six-digit serial), for example `2018/104370`.

use std::fmt;
use std::str::FromStr;

/// An IOPC case reference, `YYYY/NNNNNN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IopcReference {
    year: u16,
    serial: u32,
}

/// Why a piece of text is not an IOPC reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an IOPC reference is a year, a slash and six digits, for example 2018/104370")]
pub struct BadReference;

impl IopcReference {
    /// Builds a reference from its parts; the year must have four digits and the serial six.
    pub fn new(year: u16, serial: u32) -> Result<Self, BadReference> {
        if (1000..=9999).contains(&year) && serial <= 999_999 {
            Ok(Self { year, serial })
        } else {
            Err(BadReference)
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn serial(self) -> u32 {
        self.serial
    }
}

impl fmt::Display for IopcReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}/{:06}", self.year, self.serial)
    }
}

impl FromStr for IopcReference {
    type Err = BadReference;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (year, serial) = s.split_once('/').ok_or(BadReference)?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(serial, 6) {
            return Err(BadReference);
        }
        let year = year.parse().map_err(|_| BadReference)?;
        let serial = serial.parse().map_err(|_| BadReference)?;
        Self::new(year, serial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_reference_parses_and_prints_unchanged() {
        let r: IopcReference = "2018/104370".parse().expect("valid");
        assert_eq!(r.to_string(), "2018/104370");
        assert_eq!(r.year(), 2018);
    }

    #[test]
    fn malformed_references_are_refused() {
        for bad in [
            "",
            "2018",
            "2018/10437",
            "18/104370",
            "2018-104370",
            "2018/1043700",
            "abcd/123456",
        ] {
            assert!(
                bad.parse::<IopcReference>().is_err(),
                "{bad} should be refused"
            );
        }
    }

    #[test]
    fn serial_is_zero_padded() {
        assert_eq!(
            IopcReference::new(2026, 42).expect("valid").to_string(),
            "2026/000042"
        );
    }
}
