//! `GET /statistics.xlsx`: the whole return as a spreadsheet, one sheet a section of the
//! bulletin, written with `rust_xlsxwriter`. Each sheet has the table's title, whose cases and
//! which period, the columns under the CSV's (and so the bulletin's) headings, its rows with
//! the figures as numbers (a figure that is not a number, such as "No cases", as text), and
//! the definitions it counts by. Every piece of text is written as a string, never a formula;
//! one a spreadsheet would run as a formula when edited is marked as text as well (the
//! quote prefix), as the CSV neutralises it.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::download::{formula_like, headings};
use super::page::{self, Answer, ReturnView};
use super::tables::Figure;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;

/// The first row of a sheet's figures (below the title, the period, a gap and the headings).
pub const FIRST_ROW: u32 = 4;

/// A sheet's name (at most 31 characters, as a spreadsheet allows), by its table's id.
fn sheet_name(id: &str) -> &'static str {
    match id {
        "a1-1" => "A1.1 Logging and contact",
        "a1-2" => "A1.2 Recording reason",
        "categories" => "Categories",
        "finalisation" => "Finalisation",
        "finalised-investigated" => "Finalised, investigated",
        "finalised-not-investigated" => "Finalised, not investigated",
        "handling" => "Handling",
        "outcomes" => "E1 Outcomes",
        "reviews" => "Reviews",
        _ => "Table",
    }
}

struct Formats {
    bold: Format,
    heading: Format,
    wrapped: Format,
    tenth: Format,
    literal: Format,
}

/// Writes text as a string, marked as text if a spreadsheet would take it for a formula.
fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: Option<&Format>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match (formula_like(value), format) {
        (true, _) => sheet.write_string_with_format(row, col, value, &formats.literal)?,
        (false, Some(f)) => sheet.write_string_with_format(row, col, value, f)?,
        (false, None) => sheet.write_string(row, col, value)?,
    };
    Ok(())
}

/// Writes a figure and its percentage in two cells.
fn figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    f: &Figure,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match f {
        Figure::Count(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Figure::Share(n, pct) => {
            sheet.write_number(row, col, *n as f64)?;
            if let Some(p) = pct {
                sheet.write_number(row, col + 1, *p as f64)?;
            }
        }
        Figure::Average(Some(v)) | Figure::Rate(Ok(v)) => {
            // To one decimal place, as the page and the CSV show it.
            let shown = (v * 10.0).round() / 10.0;
            sheet.write_number_with_format(row, col, shown, &formats.tenth)?;
        }
        Figure::PerForce(v, pct) => {
            let shown = (v * 10.0).round() / 10.0;
            sheet.write_number_with_format(row, col, shown, &formats.tenth)?;
            if let Some(p) = pct {
                sheet.write_number(row, col + 1, *p as f64)?;
            }
        }
        Figure::Average(None) => text(sheet, row, col, "No cases", None, formats)?,
        Figure::Rate(Err(why)) => text(sheet, row, col, why, None, formats)?,
    }
    Ok(())
}

/// The workbook of a return.
fn workbook(view: &ReturnView) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats {
        bold: Format::new().set_bold(),
        heading: Format::new().set_bold().set_text_wrap(),
        wrapped: Format::new().set_text_wrap(),
        tenth: Format::new().set_num_format("0.0"),
        literal: Format::new().set_quote_prefix(),
    };
    let mut book = Workbook::new();
    let mut about = format!(
        "{}, {}: {}, compared with {}. Averages are in working days.",
        view.asked.scope_name,
        view.asked.period_name,
        view.period_label(),
        view.previous_label()
    );
    if let Some(note) = view.compared_note() {
        about.push(' ');
        about.push_str(note);
    }
    for t in &view.tables {
        let table = &t.table;
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(table.id))?;
        text(sheet, 0, 0, table.title, Some(&formats.bold), &formats)?;
        text(sheet, 1, 0, &about, None, &formats)?;
        for (col, h) in (0u16..).zip(headings(view, table.measure_heading).iter()) {
            text(
                sheet,
                FIRST_ROW - 1,
                col,
                h,
                Some(&formats.heading),
                &formats,
            )?;
        }
        let mut row = FIRST_ROW;
        for r in &table.rows {
            text(sheet, row, 0, &r.label, Some(&formats.wrapped), &formats)?;
            if let Some(parent) = &r.parent {
                text(sheet, row, 1, parent, Some(&formats.wrapped), &formats)?;
            }
            figure(sheet, row, 2, &r.figures[0], &formats)?;
            figure(sheet, row, 4, &r.figures[1], &formats)?;
            for (col, f) in (6u16..).step_by(2).zip(&r.compared) {
                figure(sheet, row, col, f, &formats)?;
            }
            row += 1;
        }
        row += 1;
        text(
            sheet,
            row,
            0,
            "How it is counted",
            Some(&formats.bold),
            &formats,
        )?;
        for d in &table.definitions {
            row += 1;
            let said = format!(
                "{} Source: {}.{}",
                d.text,
                d.source,
                if d.verified { "" } else { " (Unverified)" }
            );
            text(sheet, row, 0, &said, None, &formats)?;
        }
        sheet.set_column_width(0, 60)?;
        sheet.set_column_width(1, 36)?;
        for col in 2..6 + 2 * view.asked.comparisons.len() as u16 {
            sheet.set_column_width(col, 20)?;
        }
        sheet.set_freeze_panes(FIRST_ROW, 0)?;
    }
    book.save_to_buffer()
}

/// `GET /statistics.xlsx`, with the page's query.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (answer, fields) = page::answer(&state, &user, pairs).await?;
    let view = match answer {
        Answer::Return(view) => view,
        invalid @ Answer::Invalid(_) => return page::render(&user, invalid, fields),
    };
    let body = workbook(&view).map_err(|e| AppError::Internal(e.into()))?;
    let name = format!(
        "statistics-{}-{}-to-{}.xlsx",
        view.asked.scope_code, view.asked.period.from, view.asked.period.to,
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::super::tables::TABLE_IDS;
    use super::*;

    #[test]
    fn every_table_has_its_own_sheet_name_a_spreadsheet_accepts() {
        let mut names: Vec<&str> = TABLE_IDS.iter().map(|id| sheet_name(id)).collect();
        for name in &names {
            assert!(name.chars().count() <= 31, "{name}");
            assert!(
                !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
                "{name}"
            );
            assert_ne!(*name, "Table");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TABLE_IDS.len());
    }
}
