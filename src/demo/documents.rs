//! A few small documents on the demo cases, so that the documents pages, a redacted copy, a
//! withholding, a complainant's upload and a published report can be seen without uploading
//! anything: on S1 (the Metropolitan Police case the IOPC investigated) its terms of reference,
//! its report and a redacted copy of the report published on the register, and a custody
//! record withheld under the harm test; on P1 (the Dyfed-Powys complaint, Welsh preferred) a
//! letter disclosed to the complainant and an account the complainant sent, awaiting a
//! decision.
//!
//! Each has a fixed id: loading again adds only what is missing. The contents are made here
//! (one-page PDFs and plain text) and written to the document store before their rows.

use anyhow::Result;
use sqlx::PgPool;
use uuid::Uuid;

use super::public::P1_CASE_ID;
use super::scenarios::S1_CASE_ID;
use crate::storage::DocumentStore;

/// One demo document.
struct Demo {
    id: &'static str,
    case_id: &'static str,
    name: &'static str,
    description: &'static str,
    /// `general`, `report` or `terms_of_reference` (the case's first investigation).
    purpose: &'static str,
    /// Uploaded by this demo account; `None`: sent by the complainant.
    by: Option<&'static str>,
    contents: Contents,
    disclosable: bool,
    /// The original, for a redacted copy, with the reasons.
    copy_of: Option<(&'static str, &'static [&'static str])>,
    /// Withheld on this ground, to be reviewed this many days from the load.
    withheld: Option<(&'static str, u64)>,
    published: bool,
}

enum Contents {
    Pdf(&'static [&'static str]),
    Text(&'static str),
}

const REPORT_ID: &str = "5ce0d0c0-0001-4000-8000-000000000002";

const DEMOS: &[Demo] = &[
    Demo {
        id: "5ce0d0c0-0001-4000-8000-000000000001",
        case_id: S1_CASE_ID,
        name: "Terms of reference.pdf",
        description: "Terms of reference of the independent investigation",
        purpose: "terms_of_reference",
        by: Some("investigator@iopc.example"),
        contents: Contents::Pdf(&[
            "Terms of reference",
            "To investigate the contact the police had with the man before his death,",
            "including the decisions made and the actions taken by the officers involved.",
        ]),
        disclosable: true,
        copy_of: None,
        withheld: None,
        published: false,
    },
    Demo {
        id: REPORT_ID,
        case_id: S1_CASE_ID,
        name: "Investigation report.pdf",
        description: "The final report, unredacted",
        purpose: "report",
        by: Some("investigator@iopc.example"),
        contents: Contents::Pdf(&[
            "Investigation report",
            "Witness A, of 12 Example Road, gave a statement on the second day.",
            "The findings on each allegation follow.",
        ]),
        disclosable: false,
        copy_of: None,
        withheld: None,
        published: false,
    },
    Demo {
        id: "5ce0d0c0-0001-4000-8000-000000000003",
        case_id: S1_CASE_ID,
        name: "Investigation report (redacted).pdf",
        description: "The final report, redacted for publication",
        purpose: "report",
        by: Some("caseworker@iopc.example"),
        contents: Contents::Pdf(&[
            "Investigation report",
            "Witness A, of [redacted], gave a statement on the second day.",
            "The findings on each allegation follow.",
        ]),
        disclosable: true,
        copy_of: Some((REPORT_ID, &["The home address of a witness"])),
        withheld: None,
        published: true,
    },
    Demo {
        id: "5ce0d0c0-0001-4000-8000-000000000004",
        case_id: S1_CASE_ID,
        name: "Custody record.pdf",
        description: "Custody record, withheld while a criminal investigation runs",
        purpose: "general",
        by: Some("psd@met.example"),
        contents: Contents::Pdf(&["Custody record", "Entries of the detention, in time order."]),
        disclosable: false,
        copy_of: None,
        withheld: Some(("criminal_proceedings", 90)),
        published: false,
    },
    Demo {
        id: "5ce0d0c0-0010-4000-8000-000000000001",
        case_id: P1_CASE_ID,
        name: "Llythyr at yr achwynydd.pdf",
        description: "Letter to the complainant about the investigation (in Welsh)",
        purpose: "general",
        by: Some("caseworker@iopc.example"),
        contents: Contents::Pdf(&[
            "Annwyl achwynydd,",
            "Rydym yn ymchwilio i'ch cwyn. Byddwn yn rhoi diweddariad i chi bob pedair wythnos.",
        ]),
        disclosable: true,
        copy_of: None,
        withheld: None,
        published: false,
    },
    Demo {
        id: "5ce0d0c0-0010-4000-8000-000000000002",
        case_id: P1_CASE_ID,
        name: "Fy nghyfrif i.txt",
        description: "Fy nghyfrif i o'r hyn a ddigwyddodd",
        purpose: "general",
        by: None,
        contents: Contents::Text(
            "Fy nghyfrif i o'r hyn a ddigwyddodd ar y noson.\nCefais fy stopio ar y ffordd adref.\n",
        ),
        disclosable: false,
        copy_of: None,
        withheld: None,
        published: false,
    },
];

/// A one-page PDF with these lines of text, with a correct cross-reference table.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |l: &str| {
        l.chars()
            .filter(char::is_ascii)
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect::<String>()
    };
    let mut text = String::from("BT /F1 12 Tf 72 760 Td 16 TL\n");
    for line in lines {
        text.push_str(&format!("({}) Tj T*\n", escape(line)));
    }
    text.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{text}endstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Adds the demo documents that are missing, when their cases are there. Returns how many
/// were added.
pub async fn load(pool: &PgPool, store: &DocumentStore) -> Result<usize> {
    let mut added = 0;
    for demo in DEMOS {
        let id: Uuid = demo.id.parse()?;
        let case_id: Uuid = demo.case_id.parse()?;
        let case_there: bool =
            sqlx::query_scalar("select exists (select 1 from case_record where case_id = $1)")
                .bind(case_id)
                .fetch_one(pool)
                .await?;
        let held: bool =
            sqlx::query_scalar("select exists (select 1 from document where document_id = $1)")
                .bind(id)
                .fetch_one(pool)
                .await?;
        if !case_there || held {
            continue;
        }
        let (bytes, media) = match demo.contents {
            Contents::Pdf(lines) => (pdf(lines), "application/pdf"),
            Contents::Text(text) => (text.as_bytes().to_vec(), "text/plain"),
        };
        let key = crate::db::documents::object_key(case_id, id);
        let mut upload = store.upload(&key).await?;
        upload.write(&bytes).await?;
        let (size, sha256) = upload.finish().await?;
        let mut tx = pool.begin().await?;
        let by: Option<Uuid> = match demo.by {
            Some(email) => Some(
                sqlx::query_scalar("select staff_user_id from staff_user where email = $1")
                    .bind(email)
                    .fetch_one(&mut *tx)
                    .await?,
            ),
            None => None,
        };
        let copy_of = demo
            .copy_of
            .map(|(original, _)| original.parse::<Uuid>())
            .transpose()?;
        let reasons: Vec<String> = demo
            .copy_of
            .map(|(_, reasons)| reasons.iter().map(|r| (*r).to_owned()).collect())
            .unwrap_or_default();
        sqlx::query(
            "insert into document (document_id, case_id, name, description, media_type, size_bytes,
                                   sha256, object_key, uploaded_by, from_complainant, purpose,
                                   investigation_id, redacted_from, redactions, disclosure,
                                   withholding_ground, harm_real, harm_significant,
                                   withholding_review_on, disclosure_decided_by,
                                   disclosure_decided_at, published_on)
             select $1, $2, $3, $4, $5, $6, $7, $8, $9, $9 is null, $10,
                    case when $10 = 'general' then null
                         else (select i.investigation_id from investigation i where i.case_id = $2
                                order by i.started_on limit 1) end,
                    $11, $12, case when $13 then 'disclosable' else 'not_disclosed' end,
                    $14::text, case when $14::text is null then null else true end,
                    case when $14::text is null then null else true end,
                    case when $14::text is null then null else current_date + $15::int end,
                    case when $9 is null then null else $9 end,
                    case when $9 is null then null else now() end,
                    case when $16 then current_date end",
        )
        .bind(id)
        .bind(case_id)
        .bind(demo.name)
        .bind(demo.description)
        .bind(media)
        .bind(i64::try_from(size)?)
        .bind(sha256)
        .bind(&key)
        .bind(by)
        .bind(demo.purpose)
        .bind(copy_of)
        .bind(&reasons)
        .bind(demo.disclosable)
        .bind(demo.withheld.map(|(ground, _)| ground))
        .bind(
            demo.withheld
                .map_or(0, |(_, days)| i32::try_from(days).unwrap_or(90)),
        )
        .bind(demo.published)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_pdf_is_a_pdf_whose_cross_references_point_at_its_objects() {
        let bytes = pdf(&["Investigation report", "Witness (A)"]);
        assert_eq!(
            crate::domain::documents::media_type("report.pdf", &bytes),
            Ok("application/pdf")
        );
        // Offsets count bytes: read the file as bytes (its second line is not UTF-8).
        let at = |offset: usize, prefix: &str| bytes[offset..].starts_with(prefix.as_bytes());
        let text = String::from_utf8_lossy(&bytes[20..]).into_owned();
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|t| t.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(at(xref, "xref"));
        let table = String::from_utf8_lossy(&bytes[xref..]).into_owned();
        for (n, line) in table.lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().expect("an offset");
            assert!(at(offset, &format!("{} 0 obj", n + 1)), "object {}", n + 1);
        }
        assert!(text.contains("(Witness \\(A\\)) Tj"));
    }
}
