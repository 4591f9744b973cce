//! Complainants' case references and access codes: how they are made, read back and hashed.
//!
//! Both are written in Crockford's base 32 (digits and capital letters without I, L, O and
//! U), in groups of four, because people read them aloud over the phone and copy them from
//! letters: the alphabet has no look-alike pairs, and what people type is forgiven the usual
//! slips (lower case, spaces or no hyphens, O for zero, I or L for one).
//!
//! * The **case reference** (`OV-K7M2-9QXD`, 40 bits) names the complainant's access record.
//!   It is not a secret.
//! * The **access code** (`K7M2-9QXD-4HTV-8RWN`, 16 symbols of 5 bits: 80 bits of entropy,
//!   from the operating system's random source) is the secret. Only its SHA-256 is stored. A
//!   slow password hash is not needed: with 2^80 possibilities and look-ups throttled to ten
//!   failures in five minutes, guessing is hopeless, and a fast hash keeps the look-up cheap.

use rand::Rng;
use sha2::{Digest, Sha256};

/// Crockford's base 32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols in an access code.
pub const CODE_SYMBOLS: usize = 16;
/// Bits of entropy in an access code: each symbol is one of 32 (5 bits).
pub const CODE_ENTROPY_BITS: u32 = CODE_SYMBOLS as u32 * 5;
// At least 80 bits, checked when the crate is compiled.
const _: () = assert!(CODE_ENTROPY_BITS >= 80);
/// Symbols in a case reference after its `OV-` prefix.
const REFERENCE_SYMBOLS: usize = 8;

fn random_symbols(n: usize) -> String {
    let mut rng = rand::rng();
    (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Splits symbols into hyphenated groups of four.
fn grouped(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A new access code, written for people: `K7M2-9QXD-4HTV-8RWN`.
pub fn new_code() -> String {
    grouped(&random_symbols(CODE_SYMBOLS))
}

/// A new case reference: `OV-K7M2-9QXD`.
pub fn new_reference() -> String {
    format!("OV-{}", grouped(&random_symbols(REFERENCE_SYMBOLS)))
}

/// What a person typed, reduced to symbols of the alphabet: upper case, separators dropped,
/// O read as zero and I or L as one. `None` if anything else is left.
fn symbols_of(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(typed.len());
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\u{2010}'..='\u{2015}' | '\t' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// The access code a person typed, in its canonical form (grouped), or `None` if it cannot
/// be a code.
pub fn normalise_code(typed: &str) -> Option<String> {
    let symbols = symbols_of(typed)?;
    (symbols.len() == CODE_SYMBOLS).then(|| grouped(&symbols))
}

/// The case reference a person typed, in its canonical form (`OV-XXXX-XXXX`), or `None`.
/// The `OV` prefix may be left out.
pub fn normalise_reference(typed: &str) -> Option<String> {
    let trimmed = typed.trim();
    let upper = trimmed.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("OV")
        .filter(|r| r.starts_with(['-', ' ']) || r.len() == REFERENCE_SYMBOLS)
        .unwrap_or(&upper);
    let symbols = symbols_of(rest)?;
    (symbols.len() == REFERENCE_SYMBOLS).then(|| format!("OV-{}", grouped(&symbols)))
}

/// The stored form of a code: SHA-256 of its canonical form.
pub fn hash(canonical_code: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"oversight access code v1\0");
    h.update(canonical_code.as_bytes());
    h.finalize().to_vec()
}

/// Compares two hashes in constant time.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_code_has_at_least_80_bits_of_entropy() {
        assert_eq!(ALPHABET.len(), 32);
        let distinct: std::collections::HashSet<u8> = ALPHABET.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            32,
            "every symbol of the alphabet is different"
        );
        let code = new_code();
        let symbols = code.replace('-', "");
        assert_eq!(symbols.len(), CODE_SYMBOLS);
        assert!(symbols.len() as f64 * (ALPHABET.len() as f64).log2() >= 80.0);
    }

    #[test]
    fn access_code_is_four_groups_of_four_easy_to_read_aloud() {
        for _ in 0..200 {
            let code = new_code();
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.len(), 4, "{code}");
            for g in groups {
                assert_eq!(g.len(), 4);
                assert!(
                    g.chars()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
                    "{code}"
                );
                assert!(
                    !g.contains(['I', 'L', 'O', 'U']),
                    "no look-alike letters: {code}"
                );
            }
        }
    }

    #[test]
    fn codes_are_not_repeated() {
        let codes: std::collections::HashSet<String> = (0..10_000).map(|_| new_code()).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn typed_codes_are_forgiven_case_spaces_and_look_alikes() {
        assert_eq!(
            normalise_code("k7m2 9qxd 4htv 8rwn").as_deref(),
            Some("K7M2-9QXD-4HTV-8RWN")
        );
        assert_eq!(
            normalise_code("K7M29QXD4HTV8RWN").as_deref(),
            Some("K7M2-9QXD-4HTV-8RWN")
        );
        assert_eq!(
            normalise_code("O1L2-IIII-0000-AAAA").as_deref(),
            Some("0112-1111-0000-AAAA")
        );
        assert_eq!(normalise_code("K7M2-9QXD-4HTV"), None, "too short");
        assert_eq!(
            normalise_code("K7M2-9QXD-4HTV-8RWU"),
            None,
            "U is not a symbol"
        );
        assert_eq!(normalise_code("K7M2-9QXD-4HTV-8RW!"), None);
    }

    #[test]
    fn typed_references_are_forgiven_and_the_prefix_is_optional() {
        assert_eq!(
            normalise_reference("ov-k7m2-9qxd").as_deref(),
            Some("OV-K7M2-9QXD")
        );
        assert_eq!(
            normalise_reference("K7M2 9QXD").as_deref(),
            Some("OV-K7M2-9QXD")
        );
        assert_eq!(
            normalise_reference("OVK7M29QXD").as_deref(),
            Some("OV-K7M2-9QXD")
        );
        assert_eq!(normalise_reference("OV-K7M2"), None);
        let r = new_reference();
        assert_eq!(normalise_reference(&r), Some(r));
    }

    #[test]
    fn the_hash_is_not_the_code_and_depends_on_every_symbol() {
        let code = new_code();
        let h = hash(&code);
        assert_eq!(h.len(), 32);
        assert!(!String::from_utf8_lossy(&h).contains(&code));
        let mut other = code.clone().into_bytes();
        other[0] = if other[0] == b'A' { b'B' } else { b'A' };
        let other = String::from_utf8(other).unwrap_or_default();
        assert!(!same_hash(&h, &hash(&other)));
        assert!(same_hash(&h, &hash(&code)));
    }
}
