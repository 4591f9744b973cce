//! Complaints statistics: the return forces supply to the IOPC under the Annual Data
//! Requirement, as the IOPC's quarterly Police complaints information bulletin sets it out.
//!
//! * `GET /statistics`: a GET form (a shareable URL that works without JavaScript) of whose
//!   cases and which period, then the return's tables (`tables.rs`), each with the same period
//!   last year beside every figure and the definition it counts by
//!   (`workflow::statistics::DEFINITIONS`). The period is a cumulative quarter of a
//!   financial year or any range of dates up to five years. An end before the start, a range
//!   too long, an unknown force or a quarter not yet started answers 422 with the message
//!   beside the field and the input kept.
//!   Above the tables, three charts drawn on the server as SVG (`charts.rs`, with the
//!   arithmetic of `geometry.rs`): the quarterly trend of cases and allegations logged, the
//!   allegations by category and the average working days, each with its figures in a table
//!   beside it.
//! * `GET /statistics.csv`: the same return as CSV (`?table=a1-1` for one table), written with
//!   the `csv` crate; a cell a spreadsheet would run as a formula is neutralised.
//! * `GET /statistics.xlsx`: the whole return as a spreadsheet, one sheet a section
//!   (`spreadsheet.rs`, written with `rust_xlsxwriter`), under the same scope rules.
//! * `GET/POST /statistics/headcount`: an administrator enters the number of employees of a
//!   force in a financial year, for "allegations per 1,000 employees".
//! * `GET/POST /statistics/groups`: an administrator keeps the most-similar-forces groups
//!   (`groups.rs`).
//!
//! Who sees what: a force's users their own force (asking for another force answers 404, as
//! a case of another force does); IOPC staff any force, any most-similar-forces group
//! (`force=msf:<code>`; anyone else asking answers 404) or England and Wales (the default); a
//! review body the forces of its local policing body. IOPC staff see beside a force its
//! group's figures and England and Wales's, and beside a group England and Wales's, counted
//! per force (`tables::compare`). The counting itself is
//! `db::statistics` (the queries) and `workflow::statistics` (periods and rules).

mod charts;
mod download;
mod geometry;
mod groups;
mod headcount;
mod page;
mod spreadsheet;
mod tables;

crate::web::shared::staff_routes! {
    get "/statistics" => page::show,
    get "/statistics.csv" => download::csv,
    get "/statistics.xlsx" => spreadsheet::xlsx,
    get "/statistics/headcount" => headcount::form,
    post "/statistics/headcount" => headcount::save,
    get "/statistics/groups" => groups::form,
    post "/statistics/groups" => groups::save,
}
