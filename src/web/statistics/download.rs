//! `GET /statistics.csv`: the return (or one table of it, `?table=`) as CSV.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::page::{self, Answer, ReturnView};
use super::tables::TABLE_IDS;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::extract::CurrentUser;

/// Whether a spreadsheet would run a cell as a formula: it starts `=`, `+`, `-` or `@`, or a
/// tab or carriage return that hides one.
pub(super) fn formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The headings of a table's columns after the table's own name, as the bulletin has them:
/// the measure, the measure it breaks down, then each period's figure and percentage, then
/// each comparison's (the average per force, `tables::compare`) and percentage.
pub(super) fn headings(view: &ReturnView, measure: &str) -> Vec<String> {
    let scope = &view.asked.scope_name;
    let now = format!("{scope}, {}", view.asked.period_name);
    let before = format!("{scope}, same period last year ({})", view.previous_label());
    let mut headings = vec![
        measure.to_owned(),
        "Part of".to_owned(),
        now.clone(),
        format!("{now} (%)"),
        before.clone(),
        format!("{before} (%)"),
    ];
    for c in &view.asked.comparisons {
        let heading = format!("{}, {}, per force", c.heading(), view.asked.period_name);
        let share = format!("{heading} (%)");
        headings.extend([heading, share]);
    }
    headings
}

/// A cell a spreadsheet would run as a formula (starting `=`, `+`, `-` or `@`, or a tab or
/// carriage return that hides one) gets a leading `'`, as OWASP advises against CSV
/// injection. The return's own numbers are never negative, so no figure is changed by it.
fn neutralised(cell: &str) -> String {
    if formula_like(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The CSV of a return: one line per row of each table asked for, under the bulletin's
/// headings (the table, the measure, the measure it breaks down, then each period's figure
/// and percentage).
fn write(view: &ReturnView, only: Option<&str>) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let measure = only
        .and_then(|id| view.tables.iter().find(|t| t.table.id == id))
        .map_or("Measure", |t| t.table.measure_heading);
    let headings = headings(view, measure);
    out.write_record(
        std::iter::once("Table")
            .chain(headings.iter().map(String::as_str))
            .map(neutralised),
    )?;
    for t in view
        .tables
        .iter()
        .filter(|t| only.is_none_or(|id| t.table.id == id))
    {
        for row in &t.table.rows {
            let (now_value, now_pct) = row.figures[0].csv();
            let (before_value, before_pct) = row.figures[1].csv();
            let mut cells = vec![
                t.table.title.to_owned(),
                row.label.clone(),
                row.parent.clone().unwrap_or_default(),
                now_value,
                now_pct,
                before_value,
                before_pct,
            ];
            for f in &row.compared {
                let (value, pct) = f.csv();
                cells.extend([value, pct]);
            }
            out.write_record(cells.iter().map(|c| neutralised(c)))?;
        }
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

/// `GET /statistics.csv`
pub async fn csv(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let table = pairs
        .iter()
        .find(|(k, _)| k == "table")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    if let Some(t) = &table
        && !TABLE_IDS.contains(&t.as_str())
    {
        return Err(AppError::NotFound);
    }
    let (answer, fields) = page::answer(&state, &user, pairs).await?;
    let view = match answer {
        Answer::Return(view) => view,
        invalid @ Answer::Invalid(_) => return page::render(&user, invalid, fields),
    };
    let body = write(&view, table.as_deref()).map_err(|e| AppError::Internal(e.into()))?;
    let name = format!(
        "statistics-{}-{}-to-{}{}.csv",
        view.asked.scope_code,
        view.asked.period.from,
        view.asked.period.to,
        table.map(|t| format!("-{t}")).unwrap_or_default()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
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
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralised("+1"), "'+1");
        assert_eq!(neutralised("-1"), "'-1");
        assert_eq!(neutralised("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralised("Delivery of duties"), "Delivery of duties");
        assert_eq!(neutralised("12"), "12");
    }
}
