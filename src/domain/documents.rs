//! What a document may be: the kinds of file a case holds, told by their contents (their
//! first bytes, read by the `infer` crate) and matched against the name's extension, and
//! the names a document may have; what a document is attached to; and the grounds on which
//! one is withheld from the complainant.

use std::fmt;
use std::str::FromStr;

use crate::domain::vocab::{UnknownValue, closed_set};

/// The media types a document may have, each with the extensions its name may end in.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("application/pdf", &["pdf"]),
    ("image/jpeg", &["jpg", "jpeg"]),
    ("image/png", &["png"]),
    ("image/gif", &["gif"]),
    ("image/tiff", &["tif", "tiff"]),
    ("image/webp", &["webp"]),
    ("image/heif", &["heic", "heif"]),
    ("audio/mpeg", &["mp3"]),
    ("audio/x-wav", &["wav"]),
    ("audio/m4a", &["m4a"]),
    ("audio/ogg", &["ogg", "oga"]),
    ("audio/amr", &["amr"]),
    ("video/mp4", &["mp4", "m4v"]),
    ("video/quicktime", &["mov"]),
    ("video/x-msvideo", &["avi"]),
    ("video/webm", &["webm"]),
    ("video/x-matroska", &["mkv"]),
    ("application/msword", &["doc"]),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &["docx"],
    ),
    ("application/vnd.oasis.opendocument.text", &["odt"]),
    ("text/plain", &["txt"]),
    ("message/rfc822", &["eml"]),
];

/// How many of a file's first bytes are read to tell its type.
pub const SNIFF: usize = 8192;

/// Why a file was refused, in words for the person who chose it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("Choose a file to upload")]
    NoFile,
    #[error("The selected file is empty")]
    Empty,
    #[error(
        "The file name must not contain slashes, control characters or only dots: rename the file and choose it again"
    )]
    BadName,
    #[error("The file name must be 200 characters or fewer")]
    LongName,
    #[error(
        "The selected file must be a PDF, an image, audio, video, a Word or OpenDocument text document, plain text or an email"
    )]
    NotAllowed,
    #[error(
        "The file's contents are {found}, but its name ends .{extension}: check it is the file you meant, and rename it to match"
    )]
    Mismatch { found: String, extension: String },
    #[error("The selected file must be smaller than {0}")]
    TooLarge(String),
    #[error("This case already holds the {0} documents a complainant may send")]
    TooMany(i32),
}

/// The name a document is kept under: the name given, trimmed, when it is one a person could
/// have given a file; never a path.
pub fn checked_name(given: &str) -> Result<String, Refusal> {
    let name = given.trim();
    if name.is_empty() {
        return Err(Refusal::NoFile);
    }
    if name
        .chars()
        .any(|c| c.is_control() || c == '/' || c == '\\')
        || name.chars().all(|c| c == '.')
    {
        return Err(Refusal::BadName);
    }
    if name.chars().count() > 200 {
        return Err(Refusal::LongName);
    }
    Ok(name.to_owned())
}

/// The extension of `name`, lower case; empty when it has none.
fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The media type of a file from its first bytes ([`SNIFF`] of them, or all of a smaller
/// file), checked against the allowlist and the name's extension.
pub fn media_type(name: &str, head: &[u8]) -> Result<&'static str, Refusal> {
    let ext = extension(name);
    let found = match infer::get(head) {
        Some(kind) => normalise(kind.mime_type()),
        // Plain text and email have no signature: text is valid UTF-8 with no NUL, and an
        // email is text that starts with a header line.
        None if is_text(head) => {
            if ext == "eml" && looks_like_email(head) {
                "message/rfc822"
            } else {
                "text/plain"
            }
        }
        None => return Err(Refusal::NotAllowed),
    };
    let Some((media, extensions)) = ALLOWED.iter().find(|(m, _)| *m == found) else {
        return Err(Refusal::NotAllowed);
    };
    if extensions.contains(&ext.as_str()) {
        Ok(media)
    } else {
        Err(Refusal::Mismatch {
            found: describe(media).to_owned(),
            extension: if ext.is_empty() {
                "(nothing)".to_owned()
            } else {
                ext
            },
        })
    }
}

/// The names `infer` gives some types, as the allowlist spells them.
fn normalise(mime: &str) -> &str {
    match mime {
        "audio/wav" | "audio/vnd.wave" => "audio/x-wav",
        "audio/x-m4a" | "audio/mp4" => "audio/m4a",
        "audio/x-ogg" => "audio/ogg",
        "video/x-m4v" => "video/mp4",
        "image/heic" => "image/heif",
        other => other,
    }
}

/// Text: UTF-8 (allowing a character cut off at the end of the sample) with no NUL byte.
fn is_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    }
}

fn looks_like_email(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let first = text.lines().next().unwrap_or_default();
    first.split_once(':').is_some_and(|(field, _)| {
        !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// A media type in words, for messages and lists.
pub fn describe(media: &str) -> &'static str {
    match media {
        "application/pdf" => "a PDF",
        m if m.starts_with("image/") => "an image",
        m if m.starts_with("audio/") => "audio",
        m if m.starts_with("video/") => "video",
        "application/msword"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "a Word document"
        }
        "application/vnd.oasis.opendocument.text" => "an OpenDocument text",
        "text/plain" => "plain text",
        "message/rfc822" => "an email",
        _ => "a file",
    }
}

/// A size in words: "3.2 MB", "1 KB", "2 GB".
pub fn size_in_words(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [
        ("GB", 1024 * 1024 * 1024),
        ("MB", 1024 * 1024),
        ("KB", 1024),
    ];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if value >= 10.0 || value.fract() < 0.05 {
                format!("{value:.0} {unit}")
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

closed_set! {
    /// What a document is to the record it is attached to (besides its case).
    Purpose as "document_purpose" {
        General = "general" => "A document of the case",
        Evidence = "evidence" => "An item of evidence",
        Report = "report" => "The investigation report",
        TermsOfReference = "terms_of_reference" => "The terms of reference",
        Notice = "notice" => "A notice",
        InterviewRecord = "interview_record" => "The record of an interview",
    }
}

closed_set! {
    /// Why a document is withheld from the complainant: what its disclosure would create a
    /// real risk of significantly harming (PRA 2002 s.20; CMR 2020 regs 11 and 35).
    WithholdingGround as "withholding_ground" {
        CriminalProceedings = "criminal_proceedings" => "Criminal proceedings, current or in prospect",
        NationalSecurity = "national_security" => "National security",
        Crime = "crime" => "The prevention or detection of crime",
        Proportionality = "proportionality" => "Necessary and proportionate to protect another person",
        PublicInterest = "public_interest" => "Necessary in the public interest",
    }
}

/// What a document is attached to: the case itself, or one record of it, chosen on the
/// upload form as `case`, `evidence:<id>`, `report:<id>`, `terms_of_reference:<id>`,
/// `notice:<id>` (an investigation's), `subject_notice:<id>` or `interview_record:<id>` (a
/// subject's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    Case,
    Evidence(uuid::Uuid),
    Investigation(Purpose, uuid::Uuid),
    Subject(Purpose, uuid::Uuid),
}

impl Attachment {
    /// The form's value for this attachment.
    pub fn value(self) -> String {
        match self {
            Attachment::Case => "case".to_owned(),
            Attachment::Evidence(id) => format!("evidence:{id}"),
            Attachment::Investigation(p, id) => format!("{}:{id}", p.as_str()),
            Attachment::Subject(Purpose::Notice, id) => format!("subject_notice:{id}"),
            Attachment::Subject(p, id) => format!("{}:{id}", p.as_str()),
        }
    }

    /// Reads a form's value; `None` for anything that is not one.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if value == "case" || value.is_empty() {
            return Some(Attachment::Case);
        }
        let (kind, id) = value.split_once(':')?;
        let id = id.parse().ok()?;
        Some(match kind {
            "evidence" => Attachment::Evidence(id),
            "report" => Attachment::Investigation(Purpose::Report, id),
            "terms_of_reference" => Attachment::Investigation(Purpose::TermsOfReference, id),
            "notice" => Attachment::Investigation(Purpose::Notice, id),
            "subject_notice" => Attachment::Subject(Purpose::Notice, id),
            "interview_record" => Attachment::Subject(Purpose::InterviewRecord, id),
            _ => return None,
        })
    }

    pub fn purpose(self) -> Purpose {
        match self {
            Attachment::Case => Purpose::General,
            Attachment::Evidence(_) => Purpose::Evidence,
            Attachment::Investigation(p, _) | Attachment::Subject(p, _) => p,
        }
    }

    pub fn evidence(self) -> Option<uuid::Uuid> {
        match self {
            Attachment::Evidence(id) => Some(id),
            _ => None,
        }
    }

    pub fn investigation(self) -> Option<uuid::Uuid> {
        match self {
            Attachment::Investigation(_, id) => Some(id),
            _ => None,
        }
    }

    pub fn subject(self) -> Option<uuid::Uuid> {
        match self {
            Attachment::Subject(_, id) => Some(id),
            _ => None,
        }
    }
}

/// The reasons given for a redacted copy's redactions: one a line, blank lines dropped.
pub fn redaction_reasons(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().take(500).collect())
        .collect()
}

/// The largest a complainant's document may be, and how many they may send, unless staff
/// raise it for the case (the database holds the same defaults, `complainant_allowance`).
pub const COMPLAINANT_FILES: i32 = 10;
pub const COMPLAINANT_BYTES_EACH: i64 = 50 * 1024 * 1024;

impl Refusal {
    /// The key of the refusal's words on the public pages (`src/i18n`), and its argument.
    pub fn public_key(&self) -> (&'static str, Option<String>) {
        match self {
            Refusal::NoFile => ("doc-refused-none", None),
            Refusal::Empty => ("doc-refused-empty", None),
            Refusal::BadName => ("doc-refused-name", None),
            Refusal::LongName => ("doc-refused-long-name", None),
            Refusal::NotAllowed => ("doc-refused-type", None),
            Refusal::Mismatch { extension, .. } => {
                ("doc-refused-mismatch", Some(extension.clone()))
            }
            Refusal::TooLarge(limit) => ("doc-refused-size", Some(limit.clone())),
            Refusal::TooMany(n) => ("doc-refused-many", Some(n.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff";

    #[test]
    fn a_file_is_told_by_its_contents_and_its_name_must_agree() {
        assert_eq!(media_type("statement.pdf", PDF), Ok("application/pdf"));
        assert_eq!(media_type("Photo.PNG", PNG), Ok("image/png"));
        assert_eq!(
            media_type("statement.docx", PDF),
            Err(Refusal::Mismatch {
                found: "a PDF".to_owned(),
                extension: "docx".to_owned()
            })
        );
        assert_eq!(
            media_type("notes.txt", b"Spoke to PC Smith at 10:00\n"),
            Ok("text/plain")
        );
        assert_eq!(
            media_type(
                "letter.eml",
                b"From: someone@example.com\r\nSubject: My complaint\r\n"
            ),
            Ok("message/rfc822")
        );
    }

    #[test]
    fn an_executable_is_refused_whatever_its_name() {
        assert_eq!(media_type("report.pdf", EXE), Err(Refusal::NotAllowed));
        assert_eq!(media_type("setup.exe", EXE), Err(Refusal::NotAllowed));
        assert_eq!(
            media_type("data.bin", &[0, 1, 2, 3, 0, 5]),
            Err(Refusal::NotAllowed)
        );
    }

    #[test]
    fn names_with_paths_nul_or_control_characters_are_refused() {
        assert_eq!(
            checked_name("  Statement 1.pdf "),
            Ok("Statement 1.pdf".to_owned())
        );
        assert_eq!(
            checked_name("Datganiad Siân.pdf"),
            Ok("Datganiad Siân.pdf".to_owned())
        );
        for bad in [
            "../../etc/passwd",
            "a\\b.pdf",
            "a\0.pdf",
            "line\nbreak.pdf",
            "..",
            ".",
        ] {
            assert_eq!(checked_name(bad), Err(Refusal::BadName), "{bad:?}");
        }
        assert_eq!(checked_name(""), Err(Refusal::NoFile));
        assert_eq!(checked_name(&"a".repeat(201)), Err(Refusal::LongName));
    }

    #[test]
    fn text_cut_off_mid_character_is_still_text() {
        let mut sample = "Witness statement: Siân ".repeat(10).into_bytes();
        sample.extend_from_slice(&"â".as_bytes()[..1]);
        assert!(is_text(&sample));
        assert!(!is_text(b"abc\0def"));
    }

    #[test]
    fn an_attachment_reads_back_as_it_was_written() {
        let id = uuid::Uuid::now_v7();
        for a in [
            Attachment::Case,
            Attachment::Evidence(id),
            Attachment::Investigation(Purpose::Report, id),
            Attachment::Investigation(Purpose::TermsOfReference, id),
            Attachment::Investigation(Purpose::Notice, id),
            Attachment::Subject(Purpose::Notice, id),
            Attachment::Subject(Purpose::InterviewRecord, id),
        ] {
            assert_eq!(Attachment::parse(&a.value()), Some(a));
        }
        assert_eq!(Attachment::parse("report:not-an-id"), None);
        assert_eq!(Attachment::parse(&format!("general:{id}")), None);
    }

    #[test]
    fn each_redaction_reason_is_a_line() {
        assert_eq!(
            redaction_reasons("Names of witnesses\r\n\n  Home address of PC A \n"),
            vec!["Names of witnesses", "Home address of PC A"]
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_in_words(512), "512 bytes");
        assert_eq!(size_in_words(2048), "2 KB");
        assert_eq!(size_in_words(3 * 1024 * 1024 + 300_000), "3.3 MB");
        assert_eq!(size_in_words(2 * 1024 * 1024 * 1024), "2 GB");
    }
}
