//! What a document may be: the kinds of file a case holds, told by their contents (their
//! first bytes, read by the `infer` crate) and matched against the name's extension, and
//! the names a document may have.

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
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_in_words(512), "512 bytes");
        assert_eq!(size_in_words(2048), "2 KB");
        assert_eq!(size_in_words(3 * 1024 * 1024 + 300_000), "3.3 MB");
        assert_eq!(size_in_words(2 * 1024 * 1024 * 1024), "2 GB");
    }
}
