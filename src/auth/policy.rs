//! The password policy (NCSC and NIST SP 800-63B guidance): at least 12 characters, up to 128,
//! no composition rules, and not a commonly used password.

/// Why a new password is not acceptable, in words for the form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("Enter a password of at least 12 characters")]
    TooShort,
    #[error("Enter a password of no more than 128 characters")]
    TooLong,
    #[error(
        "This password is too common and easy to guess. Choose a different one, for example three random words"
    )]
    Common,
}

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// Passwords of twelve characters or more that appear often in breached-password lists,
/// plus simple patterns checked in code (one repeated character, runs of the keyboard).
const COMMON: &str = include_str!("common-passwords.txt");

/// Checks a proposed password against the policy.
pub fn check(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let common = COMMON
        .lines()
        .map(str::trim)
        .any(|c| !c.is_empty() && c == lower);
    if common || distinct.len() <= 2 || is_keyboard_run(&lower) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// "123456789012", "abcdefghijkl", "qwertyuiopas": a run along one row of the keyboard, the
/// digits or the alphabet.
fn is_keyboard_run(s: &str) -> bool {
    const ROWS: [&str; 5] = [
        "12345678901234567890",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
        "09876543210987654321",
        "zyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcba",
    ];
    ROWS.iter().any(|row| row.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_shorter_than_12_characters_are_refused() {
        assert_eq!(check("elevenchars"), Err(PasswordProblem::TooShort));
        assert_eq!(check("twelve chars"), Ok(()));
    }

    #[test]
    fn passwords_up_to_128_characters_are_allowed_and_no_longer() {
        assert_eq!(check(&"horse staple ".repeat(9)[..117]), Ok(()));
        assert_eq!(
            check(&"a long passphrase ".repeat(8)),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn there_are_no_composition_rules() {
        assert_eq!(check("all lower case words here"), Ok(()));
    }

    #[test]
    fn common_passwords_and_patterns_are_refused() {
        for p in [
            "password1234",
            "Password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
            "abababababab",
        ] {
            assert_eq!(check(p), Err(PasswordProblem::Common), "{p}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(
            check("ŵŷŵŷŵŷŵŷŵŷ"),
            Err(PasswordProblem::TooShort),
            "ten characters, twenty bytes"
        );
        assert_eq!(
            check("ŵŷŵŷŵŷŵŷŵŷŵŷ"),
            Err(PasswordProblem::Common),
            "twelve characters, two letters"
        );
        assert_eq!(check("cyfrinair hir"), Ok(()));
    }
}
