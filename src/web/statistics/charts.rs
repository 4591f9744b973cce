//! The return's charts, for where a reader would rather look than read: the trend of
//! complaint cases and allegations logged quarter by quarter, the allegations logged by
//! category, and the average working days taken, each beside the same period last year.
//!
//! Drawn on the server as SVG by `templates/statistics/chart.html` from the layout worked out
//! here (with the arithmetic of `geometry.rs`), rather than with a plotting crate such as
//! `plotters`: the charts are three simple shapes, and what matters about them is what a
//! plotting crate's SVG backend does not give, namely a `<title>` and `<desc>` read by screen
//! readers (`role="img"`, `aria-labelledby`), series told apart by pattern, line style, marker
//! and label as well as by colour, colours drawn through `currentColor` so that a
//! high-contrast theme replaces them, the page's own font, and no inline styles (the content
//! security policy allows none). Written as markup, each is a few kilobytes, works without
//! JavaScript and needs no dependency.
//!
//! Every figure a chart shows is the one its table shows, written the same way
//! (`Figure::shown`), and each chart has those figures in a table beside it.

use super::geometry::{Axis, Bands, Scale, tenth};
use super::tables::{Figure, Row, Table};
use crate::domain::intake::thousands;
use crate::workflow::statistics::{FIRST_CONTACT, RECEIPT_TO_LOGGING, YearQuarter};

/// A series of a chart, and how it is drawn so that colour is never the only difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// The period asked for: solid GOV.UK blue bars.
    Now,
    /// The same period last year: black hatched bars with an outline.
    Before,
    /// Complaint cases logged: a solid blue line with round markers.
    Cases,
    /// Allegations logged: a dashed black line with square markers.
    Allegations,
    /// The force's most similar group: dark grey dotted bars with an outline.
    Group,
    /// England and Wales: white bars with a black outline.
    National,
}

impl Series {
    /// The name of the series in the markup (`data-series`).
    pub fn key(self) -> &'static str {
        match self {
            Series::Now => "now",
            Series::Before => "before",
            Series::Cases => "cases",
            Series::Allegations => "allegations",
            Series::Group => "group",
            Series::National => "national",
        }
    }

    /// The GOV.UK colour it is drawn in, through `currentColor`: a high-contrast theme puts
    /// its own in its place.
    pub fn colour(self) -> &'static str {
        match self {
            Series::Now | Series::Cases => "#1d70b8",
            Series::Before | Series::Allegations | Series::National => "#0b0c0c",
            Series::Group => "#505a5f",
        }
    }

    /// What a bar or legend swatch of the series is filled with.
    pub fn fill(self, chart: &str) -> String {
        match self {
            Series::Before => format!("url(#{chart}-hatch)"),
            Series::Group => format!("url(#{chart}-dots)"),
            Series::National => "#ffffff".to_owned(),
            _ => "currentColor".to_owned(),
        }
    }

    /// Drawn with a pattern or no fill, and so with an outline.
    pub fn outlined(self) -> bool {
        matches!(self, Series::Before | Series::Group | Series::National)
    }

    /// A line's dashes: none for the cases, dashes for the allegations.
    pub fn dashes(self) -> &'static str {
        match self {
            Series::Allegations => "8 5",
            _ => "none",
        }
    }

    /// Square markers (the allegations) rather than round ones.
    pub fn square(self) -> bool {
        self == Series::Allegations
    }
}

/// A piece of text in a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    pub size: u8,
}

impl Text {
    fn new(x: f64, y: f64, text: impl Into<String>, anchor: &'static str, size: u8) -> Self {
        Text {
            x: tenth(x),
            y: tenth(y),
            text: text.into(),
            anchor,
            size,
        }
    }
}

/// A gridline at a mark of the value axis, with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub label: Text,
}

/// A bar and its figure written at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub series: Series,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub value: Text,
}

/// A point of a line and its figure written beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub value: Text,
}

/// A line through its points.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub series: Series,
    /// The `points` of the polyline: "x,y x,y".
    pub points: String,
    pub markers: Vec<Marker>,
}

/// An entry of the key: a swatch (at x, y) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub series: Series,
    pub x: f64,
    pub y: f64,
    pub text: Text,
}

/// The figures of a chart as a table, beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartTable {
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The id of the figure; its title, description and pattern are named after it.
    pub id: &'static str,
    pub title: String,
    /// What the chart shows, in words, for a screen reader.
    pub desc: String,
    pub width: f64,
    pub height: f64,
    pub ticks: Vec<Tick>,
    /// The labels of the bars' groups or of the points.
    pub labels: Vec<Text>,
    /// What the value axis counts.
    pub axis_label: Text,
    pub bars: Vec<Bar>,
    pub lines: Vec<Line>,
    pub legend: Vec<LegendItem>,
    pub table: ChartTable,
}

/// The width of every chart's drawing, in its own units.
const WIDTH: f64 = 640.0;
/// About how wide a character of 14-unit text is, for laying out the key.
const CHARACTER: f64 = 7.5;

/// The amount a figure charts, if it has one.
fn amount(f: &Figure) -> Option<f64> {
    match f {
        Figure::Count(n) | Figure::Share(n, _) => Some(*n as f64),
        Figure::PerForce(v, _) => Some(*v),
        Figure::Average(v) => *v,
        Figure::Rate(Ok(v)) => Some(*v),
        Figure::Rate(Err(_)) => None,
    }
}

/// How far apart the lines of a chart's key are.
const KEY_LINE: f64 = 22.0;

/// The key across the top of a chart, starting a new line where an entry would run past the
/// drawing's edge.
fn legend(entries: &[(Series, String)]) -> Vec<LegendItem> {
    let (mut x, mut y) = (4.0, 6.0);
    entries
        .iter()
        .map(|(series, text)| {
            let wide = 22.0 + text.chars().count() as f64 * CHARACTER + 24.0;
            if x > 4.0 && x + wide > WIDTH {
                (x, y) = (4.0, y + KEY_LINE);
            }
            let item = LegendItem {
                series: *series,
                x: tenth(x),
                y,
                text: Text::new(x + 22.0, y + 12.0, text.clone(), "start", 14),
            };
            x += wide;
            item
        })
        .collect()
}

/// Horizontal bars, one to a series in each group (the period, the same period last year,
/// and any comparisons), each group's label above its bars and each bar's figure at its end.
fn grouped_bars(
    id: &'static str,
    title: String,
    desc: String,
    axis_label: &str,
    series: &[(Series, String)],
    groups: &[(String, Vec<Figure>)],
    table: ChartTable,
) -> Chart {
    const BAR: f64 = 14.0;
    const LEFT: f64 = 4.0;
    // Room for the longest figure ("12,345 (100%)") after the longest bar.
    const RIGHT: f64 = WIDTH - 124.0;
    let legend = legend(series);
    let top = legend.last().map_or(6.0, |l| l.y) + 30.0;
    let group = 28.0 + series.len() as f64 * (BAR + 2.0);
    let largest = groups
        .iter()
        .flat_map(|(_, f)| f.iter().filter_map(amount))
        .fold(0.0, f64::max);
    let axis = Axis::for_max(largest, 5);
    let scale = Scale::new(axis, LEFT, RIGHT);
    let bottom = top + group * groups.len() as f64;
    let ticks = axis
        .ticks()
        .into_iter()
        .map(|t| {
            let x = scale.at(t);
            Tick {
                x1: x,
                y1: top,
                x2: x,
                y2: bottom,
                label: Text::new(x, bottom + 16.0, number(t), "middle", 12),
            }
        })
        .collect();
    let mut labels = Vec::new();
    let mut bars = Vec::new();
    for (i, (label, figures)) in groups.iter().enumerate() {
        let at = top + group * i as f64;
        labels.push(Text::new(LEFT, at + 15.0, label.clone(), "start", 14));
        for (j, ((series, _), figure)) in series.iter().zip(figures.iter()).enumerate() {
            let y = at + 22.0 + j as f64 * (BAR + 2.0);
            let width = amount(figure).map_or(0.0, |v| scale.length(v));
            bars.push(Bar {
                series: *series,
                x: LEFT,
                y: tenth(y),
                width,
                height: BAR,
                value: Text::new(
                    LEFT + width + 6.0,
                    y + BAR - 3.0,
                    figure.shown(),
                    "start",
                    12,
                ),
            });
        }
    }
    Chart {
        id,
        title,
        desc,
        width: WIDTH,
        height: bottom + 46.0,
        ticks,
        labels,
        axis_label: Text::new(
            (LEFT + RIGHT) / 2.0,
            bottom + 38.0,
            axis_label,
            "middle",
            14,
        ),
        bars,
        lines: Vec::new(),
        legend,
        table,
    }
}

/// The period and the same period last year, the series of every bar chart.
fn periods(period_name: &str) -> Vec<(Series, String)> {
    vec![
        (Series::Now, period_name.to_owned()),
        (Series::Before, "Same period last year".to_owned()),
    ]
}

/// An axis mark as written: whole numbers with thousands separators.
fn number(v: f64) -> String {
    if v >= 0.0 && v.fract() == 0.0 {
        thousands(v as usize)
    } else {
        format!("{v:.1}")
    }
}

/// The table beside a chart of the return's rows: the measure, then a column a series.
fn table_of(
    measure: &str,
    series: &[(Series, String)],
    rows: &[(String, Vec<Figure>)],
) -> ChartTable {
    ChartTable {
        headings: std::iter::once(measure.to_owned())
            .chain(series.iter().map(|(_, name)| name.clone()))
            .collect(),
        rows: rows
            .iter()
            .map(|(label, f)| {
                std::iter::once(label.clone())
                    .chain(f.iter().map(Figure::shown))
                    .collect()
            })
            .collect(),
    }
}

/// Complaint cases and allegations logged in each quarter: two lines, each point with its
/// figure, and the quarters along the bottom. `quarters` are the quarters and their
/// `[cases, allegations]`; `partial` the quarter not yet over, if one is shown.
pub fn trend(quarters: &[(YearQuarter, [i64; 2])], partial: Option<YearQuarter>) -> Chart {
    const TOP: f64 = 60.0;
    const BOTTOM: f64 = 280.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = WIDTH - 16.0;
    let largest = quarters
        .iter()
        .flat_map(|(_, c)| c.iter())
        .copied()
        .max()
        .unwrap_or(0);
    let axis = Axis::for_max(largest as f64, 5);
    let scale = Scale::new(axis, BOTTOM, TOP);
    let bands = Bands {
        count: quarters.len(),
        start: LEFT,
        end: RIGHT,
    };
    let ticks = axis
        .ticks()
        .into_iter()
        .map(|t| {
            let y = scale.at(t);
            Tick {
                x1: LEFT,
                y1: y,
                x2: RIGHT,
                y2: y,
                label: Text::new(LEFT - 8.0, y + 4.0, number(t), "end", 12),
            }
        })
        .collect();
    let mut labels = Vec::new();
    for (i, (q, _)) in quarters.iter().enumerate() {
        let x = bands.centre(i);
        labels.push(Text::new(
            x,
            BOTTOM + 18.0,
            format!("Q{}", q.quarter.number()),
            "middle",
            14,
        ));
        labels.push(Text::new(x, BOTTOM + 34.0, q.year.label(), "middle", 12));
    }
    let count = |n: i64| thousands(usize::try_from(n).unwrap_or_default());
    let mut lines = Vec::new();
    for (k, series) in [Series::Cases, Series::Allegations].into_iter().enumerate() {
        let mut points = Vec::new();
        let mut markers = Vec::new();
        for (i, (_, c)) in quarters.iter().enumerate() {
            let x = bands.centre(i);
            let y = scale.at(c[k] as f64);
            // The higher figure of the two is written above its point and the lower below
            // (the cases below when they are the same), unless below would run into the
            // axis.
            let other = c[1 - k];
            let room_below = y + 20.0 <= BOTTOM;
            let offset = if c[k] > other {
                -10.0
            } else if c[k] < other || k == 0 {
                if room_below { 20.0 } else { -10.0 }
            } else if room_below {
                -10.0
            } else {
                -24.0
            };
            points.push(format!("{x},{y}"));
            markers.push(Marker {
                x,
                y,
                value: Text::new(x, y + offset, count(c[k]), "middle", 12),
            });
        }
        lines.push(Line {
            series,
            points: points.join(" "),
            markers,
        });
    }
    let name = |q: &YearQuarter| {
        if Some(*q) == partial {
            format!("{} (to date)", q.label())
        } else {
            q.label()
        }
    };
    let desc = match (quarters.first(), quarters.last()) {
        (Some(first), Some(last)) => {
            let most = |k: usize| {
                quarters
                    .iter()
                    .max_by_key(|(q, c)| (c[k], std::cmp::Reverse(*q)))
                    .map(|(q, c)| format!("{} in {}", count(c[k]), name(q)))
                    .unwrap_or_default()
            };
            format!(
                "Complaint cases and allegations logged in each quarter's own three months, {} to {}. Cases logged: {} in {}, {} in {}, the most {}. Allegations logged: {} in {}, {} in {}, the most {}. The table beside the chart gives every quarter's figures.",
                first.0.label(),
                name(&last.0),
                count(first.1[0]),
                first.0.label(),
                count(last.1[0]),
                name(&last.0),
                most(0),
                count(first.1[1]),
                first.0.label(),
                count(last.1[1]),
                name(&last.0),
                most(1),
            )
        }
        _ => "No quarters to show.".to_owned(),
    };
    Chart {
        id: "chart-trend",
        title: "Complaint cases and allegations logged, quarter by quarter".to_owned(),
        desc,
        width: WIDTH,
        height: BOTTOM + 48.0,
        ticks,
        labels,
        axis_label: Text::new(LEFT - 48.0, TOP - 18.0, "Number logged", "start", 12),
        bars: Vec::new(),
        lines,
        legend: legend(&[
            (Series::Cases, "Complaint cases logged".to_owned()),
            (Series::Allegations, "Allegations logged".to_owned()),
        ]),
        table: ChartTable {
            headings: vec![
                "Quarter".to_owned(),
                "Complaint cases logged".to_owned(),
                "Allegations logged".to_owned(),
            ],
            rows: quarters
                .iter()
                .map(|(q, c)| vec![name(q), count(c[0]), count(c[1])])
                .collect(),
        },
    }
}

/// The row labelled `label` of the table `id`.
fn row<'a>(tables: &[&'a Table], id: &str, label: &str) -> Option<&'a Row> {
    tables
        .iter()
        .find(|t| t.id == id)
        .and_then(|t| t.rows.iter().find(|r| r.label == label))
}

/// Allegations logged by (top-level) category, the period beside the same period last year.
pub fn categories(tables: &[&Table], period_name: &str) -> Option<Chart> {
    let table = *tables.iter().find(|t| t.id == "categories")?;
    // The top-level categories: every row at the top but the total at the foot.
    let rows: Vec<(String, Vec<Figure>)> = table
        .rows
        .split_last()
        .map(|(_, rest)| rest)
        .unwrap_or_default()
        .iter()
        .filter(|r| r.level == 0)
        .map(|r| (r.label.clone(), r.figures.to_vec()))
        .collect();
    let most = rows
        .iter()
        .filter(|(_, f)| amount(&f[0]).is_some_and(|v| v > 0.0))
        .max_by(|a, b| {
            amount(&a.1[0])
                .unwrap_or_default()
                .total_cmp(&amount(&b.1[0]).unwrap_or_default())
        });
    let desc = match most {
        Some((label, f)) => format!(
            "Allegations logged by category in {period_name}, each beside the same period last year. The most were of {label}: {} (last year {}). The table beside the chart gives every category's figures.",
            f[0].shown(),
            f[1].shown()
        ),
        None => format!(
            "Allegations logged by category in {period_name}, each beside the same period last year: none were logged in {period_name}. The table beside the chart gives every category's figures."
        ),
    };
    let series = periods(period_name);
    Some(grouped_bars(
        "chart-categories",
        "Allegations logged by category, beside the same period last year".to_owned(),
        desc,
        "Allegations logged",
        &series,
        &rows,
        table_of(table.measure_heading, &series, &rows),
    ))
}

/// The average working days of logging, first contact and finalisation, the period beside
/// the same period last year and, for IOPC staff, beside the comparisons (`compared`: each
/// one's series and heading, in the order of each row's `compared` figures).
pub fn timeliness(
    tables: &[&Table],
    period_name: &str,
    compared: &[(Series, String)],
) -> Option<Chart> {
    let measures: [(&str, &str, &str); 5] = [
        ("a1-1", RECEIPT_TO_LOGGING.measure, "Receipt to logging"),
        ("a1-1", FIRST_CONTACT.measure, "Logging to first contact"),
        (
            "finalisation",
            "Average working days to finalise outside Schedule 3",
            "Receipt to finalisation, outside Schedule 3",
        ),
        (
            "finalisation",
            "Average working days to finalise under Schedule 3, including suspension",
            "Receipt to finalisation, under Schedule 3, including suspension",
        ),
        (
            "finalisation",
            "Average working days to finalise under Schedule 3, excluding suspension",
            "Receipt to finalisation, under Schedule 3, excluding suspension",
        ),
    ];
    let mut groups = Vec::new();
    let mut table_rows = Vec::new();
    let mut series = periods(period_name);
    series.extend_from_slice(compared);
    for (id, measure, short) in measures {
        let r = row(tables, id, measure)?;
        let figures: Vec<Figure> = r.figures.iter().chain(&r.compared).cloned().collect();
        groups.push((short.to_owned(), figures.clone()));
        table_rows.push((measure.to_owned(), figures));
    }
    let listed: Vec<String> = groups
        .iter()
        .map(|(label, f)| {
            let beside: Vec<String> = series
                .iter()
                .zip(f)
                .skip(2)
                .map(|((_, name), f)| format!(", {name} {}", f.shown()))
                .collect();
            format!(
                "{label} {} (last year {}{})",
                f[0].shown(),
                f[1].shown(),
                beside.concat()
            )
        })
        .collect();
    let names: Vec<&str> = compared.iter().map(|(_, name)| name.as_str()).collect();
    let beside = if names.is_empty() {
        "the same period last year".to_owned()
    } else {
        format!("the same period last year and {}", names.join(" and "))
    };
    let desc = format!(
        "Average working days taken in {period_name}, each beside {beside}: {}. The table beside the chart gives the figures.",
        listed.join("; ")
    );
    Some(grouped_bars(
        "chart-timeliness",
        format!("Average working days taken, beside {beside}"),
        desc,
        "Average working days",
        &series,
        &groups,
        table_of("Average working days", &series, &table_rows),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::statistics::{FinancialYear, Quarter};

    fn q(year: i32, n: u32) -> YearQuarter {
        YearQuarter {
            year: FinancialYear(year),
            quarter: Quarter::from_number(n).expect("a quarter"),
        }
    }

    #[test]
    fn the_trend_has_a_point_and_a_figure_for_every_quarter_of_each_line() {
        let quarters = [
            (q(2024, 1), [5, 7]),
            (q(2024, 2), [0, 0]),
            (q(2024, 3), [10, 10]),
        ];
        let chart = trend(&quarters, Some(q(2024, 3)));
        assert_eq!(chart.lines.len(), 2);
        for line in &chart.lines {
            assert_eq!(line.markers.len(), 3);
            assert_eq!(line.points.split(' ').count(), 3);
            for m in &line.markers {
                assert!(m.y >= 60.0 && m.y <= 280.0, "inside the plot");
            }
        }
        let cases: Vec<&str> = chart.lines[0]
            .markers
            .iter()
            .map(|m| m.value.text.as_str())
            .collect();
        assert_eq!(cases, ["5", "0", "10"]);
        // 10 is the top of the axis (0 to 10 by 2): drawn at the plot's top.
        assert_eq!(chart.lines[0].markers[2].y, 60.0);
        assert_eq!(chart.lines[0].markers[1].y, 280.0);
        assert_eq!(chart.table.rows[2][0], "Q3 2024/25 (to date)");
        assert!(chart.desc.contains("the most 10 in Q3 2024/25 (to date)"));
        assert_eq!(chart.labels.len(), 6);
    }

    #[test]
    fn paired_bars_are_as_long_as_their_figures_and_say_them() {
        let groups = vec![
            ("A".to_owned(), vec![Figure::Count(10), Figure::Count(5)]),
            (
                "B".to_owned(),
                vec![Figure::Average(None), Figure::Average(Some(2.5))],
            ),
        ];
        let series = periods("Now");
        let chart = grouped_bars(
            "chart-x",
            "T".to_owned(),
            "D".to_owned(),
            "Days",
            &series,
            &groups,
            table_of("M", &series, &groups),
        );
        assert_eq!(chart.bars.len(), 4);
        let widths: Vec<f64> = chart.bars.iter().map(|b| b.width).collect();
        // The axis runs 0 to 10 over 512 units.
        assert_eq!(widths, [512.0, 256.0, 0.0, 128.0]);
        let values: Vec<&str> = chart.bars.iter().map(|b| b.value.text.as_str()).collect();
        assert_eq!(values, ["10", "5", "No cases", "2.5"]);
        assert_eq!(
            chart.table.rows[1],
            ["B".to_owned(), "No cases".to_owned(), "2.5".to_owned()]
        );
        assert_eq!(chart.bars[1].series, Series::Before);
        assert!(chart.bars[1].series.outlined());
        assert_eq!(chart.legend.len(), 2);
        assert!(chart.legend[1].x > chart.legend[0].text.x);
    }

    #[test]
    fn a_key_too_wide_for_one_line_wraps_and_the_bars_start_below_it() {
        let mut series = periods("2025/26 Q4 (April to March)");
        series.push((
            Series::Group,
            "Most similar forces: Mixed urban and rural forces of the Midlands and North"
                .to_owned(),
        ));
        series.push((Series::National, "England and Wales".to_owned()));
        let groups = vec![(
            "A".to_owned(),
            vec![
                Figure::Average(Some(4.0)),
                Figure::Average(Some(3.0)),
                Figure::Average(Some(2.0)),
                Figure::Average(Some(1.0)),
            ],
        )];
        let chart = grouped_bars(
            "chart-x",
            "T".to_owned(),
            "D".to_owned(),
            "Days",
            &series,
            &groups,
            table_of("M", &series, &groups),
        );
        assert_eq!(chart.bars.len(), 4);
        let last_key = chart.legend.iter().map(|l| l.y).fold(0.0, f64::max);
        assert!(last_key > chart.legend[0].y, "the key takes a second line");
        assert!(
            chart.bars[0].y > last_key + 14.0,
            "the bars start below the key"
        );
        let kinds: Vec<Series> = chart.bars.iter().map(|b| b.series).collect();
        assert_eq!(
            kinds,
            [Series::Now, Series::Before, Series::Group, Series::National]
        );
        assert_eq!(chart.table.headings.len(), 5);
        assert_eq!(chart.table.rows[0][3], "2.0");
    }
}
