//! Chart geometry for inline SVG: numbers and labels only. The templates draw them (and
//! escape every label), so no markup is built here.

use std::collections::BTreeMap;

use factline_model::{Date, FigureState, HistoryEntry, Qualifier};

use super::text::{figure_words, long_date, short_date, thousands};

/// Series colours are CSS classes `s0`…`s7`.
pub const PALETTE: usize = 8;

pub const WIDTH: f64 = 720.0;
pub const HEIGHT: f64 = 300.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 40.0;

/// Format a coordinate with one decimal.
fn n(v: f64) -> String {
    format!("{v:.1}")
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub pos: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: String,
    pub y: String,
    /// Tooltip: date, value, sources, authority.
    pub label: String,
    /// Presented as outdated by its article: drawn hollow, not joined.
    pub superseded: bool,
    /// Lower than an earlier report: marked with a downward triangle.
    pub revised_down: bool,
    /// Triangle path for a downward-revision marker.
    pub marker: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// CSS class picking its colour.
    pub class: String,
    /// SVG path through its current (not superseded) reports, in date order.
    pub path: String,
    pub points: Vec<Point>,
}

/// A date on which independent reports disagree by more than 10 %.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictMark {
    pub x: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Element id (for `aria-labelledby`).
    pub id: String,
    /// Accessible name (`<title>`).
    pub title: String,
    /// Accessible summary (`<desc>`).
    pub desc: String,
    pub log_scale: bool,
    pub plot_left: String,
    pub plot_right: String,
    pub plot_top: String,
    pub plot_bottom: String,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<Tick>,
    pub series: Vec<Series>,
    pub conflicts: Vec<ConflictMark>,
    pub has_superseded: bool,
    pub has_revisions: bool,
}

/// Days since 1970-01-01.
fn day(d: Date) -> f64 {
    let epoch = Date::constant(1970, 1, 1);
    (d - epoch).get_days() as f64
}

/// The series a report belongs to: the authority it is credited to, else unattributed.
pub const UNATTRIBUTED: &str = "No authority named";

fn series_key(e: &HistoryEntry) -> String {
    e.attributed_to
        .first()
        .cloned()
        .unwrap_or_else(|| UNATTRIBUTED.to_string())
}

struct YScale {
    log: bool,
    max: f64,
    min: f64,
}

impl YScale {
    fn new(values: &[u64]) -> Self {
        let max = values.iter().copied().max().unwrap_or(1).max(1) as f64;
        let min_pos = values.iter().copied().filter(|&v| v > 0).min().unwrap_or(1) as f64;
        if max / min_pos >= 50.0 {
            let lo = 10f64.powf(min_pos.log10().floor());
            let hi = 10f64.powf(max.log10().ceil()).max(lo * 10.0);
            YScale {
                log: true,
                max: hi,
                min: lo,
            }
        } else {
            YScale {
                log: false,
                max: nice_ceiling(max),
                min: 0.0,
            }
        }
    }
    /// 0 at the bottom, 1 at the top.
    fn frac(&self, v: u64) -> f64 {
        if self.log {
            let v = (v as f64).max(self.min);
            (v.log10() - self.min.log10()) / (self.max.log10() - self.min.log10())
        } else {
            v as f64 / self.max
        }
    }
    fn ticks(&self) -> Vec<u64> {
        if self.log {
            let mut out = Vec::new();
            let mut t = self.min;
            while t <= self.max * 1.0001 {
                out.push(t as u64);
                t *= 10.0;
            }
            out
        } else {
            let step = nice_step(self.max / 5.0);
            let mut out = Vec::new();
            let mut t = 0.0;
            while t <= self.max * 1.0001 {
                out.push(t as u64);
                t += step;
            }
            out
        }
    }
}

/// The smallest of 1, 2, 5 × 10^k that is ≥ x.
fn nice_step(x: f64) -> f64 {
    let x = x.max(1.0);
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

fn nice_ceiling(max: f64) -> f64 {
    let step = nice_step(max / 5.0);
    ((max / step).ceil() * step).max(step)
}

/// The chart of one figure kind over time: one series per authority, superseded reports
/// hollow, downward revisions and disagreeing dates marked.
pub fn figure_chart(id: &str, kind_label: &str, fig: &FigureState) -> Chart {
    let hist = &fig.history;
    let (plot_l, plot_r) = (LEFT, WIDTH - RIGHT);
    let (plot_t, plot_b) = (TOP, HEIGHT - BOTTOM);
    let first = hist.iter().map(|e| e.date).min().unwrap_or(fig.as_of);
    let last = hist.iter().map(|e| e.date).max().unwrap_or(fig.as_of);
    let (d0, mut d1) = (day(first), day(last));
    if d1 <= d0 {
        d1 = d0 + 1.0;
    }
    let pad = ((d1 - d0) * 0.04).max(0.3);
    let (x0, x1) = (d0 - pad, d1 + pad);
    let x_of = |d: Date| plot_l + (day(d) - x0) / (x1 - x0) * (plot_r - plot_l);
    let values: Vec<u64> = hist
        .iter()
        .map(|e| e.value_max.unwrap_or(e.value))
        .collect();
    let ys = YScale::new(&values);
    let y_of = |v: u64| plot_b - ys.frac(v) * (plot_b - plot_t);

    // X ticks: at most 7 dates, whole days apart.
    let span = (day(last) - day(first)) as i64;
    let step = ((span as f64) / 6.0).ceil().max(1.0) as i64;
    let mut x_ticks = Vec::new();
    let mut d = first;
    loop {
        let label = if x_ticks.is_empty() || d.month() == 1 && d.day() <= step as i8 {
            long_date(d)
        } else {
            short_date(d)
        };
        x_ticks.push(Tick {
            pos: n(x_of(d)),
            label,
        });
        let mut next = d;
        for _ in 0..step {
            next = match next.tomorrow() {
                Ok(t) => t,
                Err(_) => break,
            };
        }
        if next <= d || next > last {
            break;
        }
        d = next;
    }
    let y_ticks = ys
        .ticks()
        .into_iter()
        .map(|v| Tick {
            pos: n(y_of(v)),
            label: thousands(v),
        })
        .collect();

    // Downward revisions: a current report below the story's value on the previous date
    // that had reports.
    let story_values = day_values(fig);
    let mut consensus_before: BTreeMap<Date, u64> = BTreeMap::new();
    {
        let mut prev: Option<u64> = None;
        for &(d, v) in &story_values {
            if let Some(p) = prev {
                consensus_before.insert(d, p);
            }
            prev = Some(v);
        }
    }
    // Series, in order of first appearance, unattributed first.
    let mut order: Vec<String> = Vec::new();
    for e in hist {
        let k = series_key(e);
        if !order.contains(&k) {
            order.push(k);
        }
    }
    order.sort_by_key(|k| k != UNATTRIBUTED);
    // First the story's own value of each day, the line the cards follow.
    let mut series = Vec::new();
    if !story_values.is_empty() {
        let mut path = String::new();
        let mut points = Vec::new();
        for &(d, v) in &story_values {
            path.push_str(if path.is_empty() { "M" } else { " L" });
            path.push_str(&format!("{} {}", n(x_of(d)), n(y_of(v))));
            let day = fig.daily.iter().find(|x| x.date == d);
            let words = day.map_or_else(
                || thousands(v),
                |x| figure_words(x.value, x.value_max, x.qualifier),
            );
            let label = match day {
                Some(x) if x.reports > 1 => {
                    format!("{d}: {words} ({} of {} reports)", x.agreeing, x.reports)
                }
                _ => format!("{d}: {words}"),
            };
            points.push(Point {
                x: n(x_of(d)),
                y: n(y_of(v)),
                label,
                superseded: false,
                revised_down: false,
                marker: String::new(),
            });
        }
        series.push(Series {
            label: STORY_VALUE.to_string(),
            class: "s0".to_string(),
            path,
            points,
        });
    }
    let offset = series.len();
    let mut has_revisions = false;
    let mut has_superseded = false;
    for (i, key) in order.iter().enumerate() {
        let mut entries: Vec<&HistoryEntry> =
            hist.iter().filter(|e| &series_key(e) == key).collect();
        entries.sort_by_key(|e| e.date);
        // A named authority's line runs through its reports of each date; reports with no
        // authority are dots only (the story's line stands for them).
        let mut path = String::new();
        if key != UNATTRIBUTED {
            for (d, v) in lower_medians(entries.iter().copied()) {
                path.push_str(if path.is_empty() { "M" } else { " L" });
                path.push_str(&format!("{} {}", n(x_of(d)), n(y_of(v))));
            }
        }
        let mut points = Vec::new();
        for e in entries {
            let (x, y) = (x_of(e.date), y_of(e.value));
            let before = consensus_before.get(&e.date).copied();
            let revised_down = !e.superseded && before.is_some_and(|b| e.value < b);
            has_revisions |= revised_down;
            has_superseded |= e.superseded;
            let mut label = format!(
                "{}: {}{}",
                e.date,
                figure_words(e.value, e.value_max, e.qualifier),
                if e.superseded {
                    " (given as outdated)"
                } else {
                    ""
                }
            );
            if let (true, Some(b)) = (revised_down, before) {
                label.push_str(&format!(", below the {} reported before", thousands(b)));
            }
            if !e.attributed_to.is_empty() {
                label.push_str(&format!("; according to {}", e.attributed_to.join(", ")));
            }
            label.push_str(&format!("; sources: {}", e.sources.join(", ")));
            points.push(Point {
                x: n(x),
                y: n(y),
                label,
                superseded: e.superseded,
                revised_down,
                marker: format!(
                    "M{} {} L{} {} L{} {} Z",
                    n(x - 6.0),
                    n(y - 16.0),
                    n(x + 6.0),
                    n(y - 16.0),
                    n(x),
                    n(y - 7.0)
                ),
            });
        }
        series.push(Series {
            label: key.clone(),
            class: format!("s{}", (i + offset) % PALETTE),
            path,
            points,
        });
    }

    // Dates whose reports cannot all be true (the story's own test, `DailyFigure::conflict`);
    // stories stored without a daily series: reports more than 10 % apart.
    let mut per_date: BTreeMap<Date, Vec<u64>> = BTreeMap::new();
    for e in hist.iter().filter(|e| !e.superseded) {
        per_date.entry(e.date).or_default().push(e.value);
    }
    let conflicted = |d: &Date, vs: &[u64]| match fig.daily.iter().find(|x| x.date == *d) {
        Some(x) => x.conflict,
        None if fig.daily.is_empty() => match (vs.iter().min(), vs.iter().max()) {
            (Some(&lo), Some(&hi)) => hi as f64 > lo as f64 * 1.1,
            _ => false,
        },
        None => false,
    };
    let conflicts = per_date
        .iter()
        .filter(|(d, vs)| conflicted(d, vs))
        .map(|(d, vs)| {
            let mut vs = vs.clone();
            vs.sort_unstable();
            vs.dedup();
            ConflictMark {
                x: n(x_of(*d)),
                label: format!(
                    "{d}: reports disagree ({})",
                    vs.iter()
                        .map(|v| thousands(*v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        })
        .collect();

    let current = figure_words(fig.value, None, fig.qualifier);
    let desc = format!(
        "{} reports of {} between {} and {}; now {} as of {}{}{}.",
        hist.len(),
        kind_label.to_lowercase(),
        first,
        last,
        current,
        fig.as_of,
        if fig.revised_down {
            ", revised down from an earlier figure"
        } else {
            ""
        },
        if fig.conflict {
            ", with sources in conflict"
        } else {
            ""
        },
    );
    Chart {
        id: id.to_string(),
        title: format!("{kind_label} over time, by source"),
        desc,
        log_scale: ys.log,
        plot_left: n(plot_l),
        plot_right: n(plot_r),
        plot_top: n(plot_t),
        plot_bottom: n(plot_b),
        x_ticks,
        y_ticks,
        series,
        conflicts,
        has_superseded,
        has_revisions,
    }
}

/// Per date, the lower median of the current (not superseded) reports, in date order.
fn lower_medians<'a>(entries: impl Iterator<Item = &'a HistoryEntry>) -> Vec<(Date, u64)> {
    let mut per_date: BTreeMap<Date, Vec<u64>> = BTreeMap::new();
    for e in entries.filter(|e| !e.superseded) {
        per_date.entry(e.date).or_default().push(e.value);
    }
    per_date
        .into_iter()
        .map(|(d, mut vs)| {
            vs.sort_unstable();
            (d, vs[(vs.len() - 1) / 2])
        })
        .collect()
}

/// The label of the line of the story's own value per day.
pub const STORY_VALUE: &str = "Story's figure (as on the card)";

/// The story's value of each day with reports, as its card gives it (vague counts such as
/// "dozens" are not plotted as numbers once a number exists); stories stored before the
/// daily series: the lower median of each date's current reports.
fn day_values(fig: &FigureState) -> Vec<(Date, u64)> {
    if fig.daily.is_empty() {
        return lower_medians(fig.history.iter());
    }
    let numbered = fig.daily.iter().any(|d| d.qualifier != Qualifier::Vague);
    fig.daily
        .iter()
        .filter(|d| !numbered || d.qualifier != Qualifier::Vague)
        .map(|d| (d.date, d.value))
        .collect()
}

/// A tiny line of the death toll over time: the story's value of each day.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    pub path: String,
    pub last_x: String,
    pub last_y: String,
    /// Accessible description ("26 (2025-03-12) → 148 (2025-03-19)").
    pub label: String,
}

pub const SPARK_W: f64 = 120.0;
pub const SPARK_H: f64 = 32.0;

pub fn sparkline(fig: &FigureState) -> Option<Sparkline> {
    let pts = day_values(fig);
    let (first, last) = (pts.first()?, pts.last()?);
    let max = pts.iter().map(|p| p.1).max().unwrap_or(1).max(1) as f64;
    let (d0, d1) = (day(first.0), day(last.0).max(day(first.0) + 1.0));
    let x_of = |d: Date| 3.0 + (day(d) - d0) / (d1 - d0) * (SPARK_W - 6.0);
    let y_of = |v: u64| SPARK_H - 3.0 - (v as f64 / max) * (SPARK_H - 6.0);
    let mut path = String::new();
    for (i, (d, v)) in pts.iter().enumerate() {
        path.push_str(if i == 0 { "M" } else { " L" });
        path.push_str(&format!("{} {}", n(x_of(*d)), n(y_of(*v))));
    }
    if pts.len() == 1 {
        // A single report: a short flat line.
        path.push_str(&format!(" L{} {}", n(SPARK_W - 3.0), n(y_of(first.1))));
    }
    let (lx, ly) = if pts.len() == 1 {
        (SPARK_W - 3.0, y_of(first.1))
    } else {
        (x_of(last.0), y_of(last.1))
    };
    let label = pts
        .iter()
        .map(|(d, v)| format!("{} ({d})", thousands(*v)))
        .collect::<Vec<_>>()
        .join(" → ");
    Some(Sparkline {
        path,
        last_x: n(lx),
        last_y: n(ly),
        label: format!("Death toll reports over time: {label}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use factline_model::DailyFigure;

    fn entry(date: &str, value: u64, auth: &[&str], superseded: bool) -> HistoryEntry {
        HistoryEntry {
            date: date.parse().unwrap(),
            value,
            value_max: None,
            qualifier: Qualifier::AtLeast,
            sources: vec![format!("src-{value}")],
            attributed_to: auth.iter().map(|s| s.to_string()).collect(),
            superseded,
        }
    }

    fn state(history: Vec<HistoryEntry>) -> FigureState {
        FigureState {
            value: 60,
            qualifier: Qualifier::AtLeast,
            as_of: "2024-03-25".parse().unwrap(),
            sources: vec![],
            independent_sources: 1,
            low: 60,
            high: 60,
            conflict: false,
            revised_down: true,
            history,
            by_authority: vec![],
            daily: vec![],
            reason: String::new(),
        }
    }

    #[test]
    fn series_per_authority_with_marks() {
        let c = figure_chart(
            "c",
            "Killed",
            &state(vec![
                entry("2024-03-22", 40, &[], false),
                entry("2024-03-23", 93, &["ministry"], false),
                entry("2024-03-23", 60, &[], false),
                entry("2024-03-23", 40, &[], true),
                entry("2024-03-25", 50, &[], false),
            ]),
        );
        assert_eq!(c.series.len(), 3);
        assert_eq!(c.series[0].label, STORY_VALUE);
        assert_eq!(c.series[1].label, UNATTRIBUTED);
        assert_eq!(c.series[2].label, "ministry");
        assert_eq!(c.series[1].points.len(), 4);
        assert!(c.series[1].points.iter().any(|p| p.superseded));
        // 50 on the 25th is below the 60 (lower median of 60 and 93) of the 23rd.
        let last = c.series[1].points.last().unwrap();
        assert!(last.revised_down);
        assert!(
            last.label.contains("below the 60 reported before"),
            "{}",
            last.label
        );
        assert!(!c.series[2].points[0].revised_down);
        // The story's line joins one value per date: 22nd, 23rd, 25th; unattributed
        // reports are dots.
        assert_eq!(c.series[0].path.matches('L').count(), 2);
        assert!(c.series[1].path.is_empty());
        assert!(c.has_revisions && c.has_superseded);
        // 93 vs 60 on the 23rd.
        assert_eq!(c.conflicts.len(), 1);
        assert!(c.conflicts[0].label.contains("60, 93"));
        assert!(!c.log_scale);
        assert_eq!(c.y_ticks.last().unwrap().label, "100");
    }

    #[test]
    fn wide_ranges_use_a_log_scale() {
        let c = figure_chart(
            "c",
            "Killed",
            &state(vec![
                entry("2024-03-22", 3, &[], false),
                entry("2024-03-22", 2015, &[], false),
            ]),
        );
        assert!(c.log_scale);
        let labels: Vec<&str> = c.y_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, vec!["1", "10", "100", "1,000", "10,000"]);
    }

    #[test]
    fn sparkline_uses_lower_median_per_day() {
        let s = sparkline(&state(vec![
            entry("2024-03-22", 40, &[], false),
            entry("2024-03-23", 93, &[], false),
            entry("2024-03-23", 60, &[], false),
            entry("2024-03-23", 10, &[], true),
        ]))
        .unwrap();
        assert_eq!(
            s.label,
            "Death toll reports over time: 40 (2024-03-22) → 60 (2024-03-23)"
        );
        assert!(sparkline(&state(vec![])).is_none());
    }

    fn day(date: &str, value: u64, q: Qualifier, conflict: bool) -> DailyFigure {
        DailyFigure {
            date: date.parse().unwrap(),
            value,
            value_max: None,
            qualifier: q,
            low: value,
            high: value,
            conflict,
            sources: vec![format!("src-{value}")],
            reports: 2,
            agreeing: 1,
        }
    }

    /// With the story's daily series, the chart's line and the sparkline are the card's
    /// values, vague counts are not plotted, and conflicts are the story's.
    #[test]
    fn lines_follow_the_story_values() {
        let mut fig = state(vec![
            entry("2024-03-22", 12, &[], false),
            entry("2024-03-23", 70, &[], false),
            entry("2024-03-23", 93, &[], false),
            entry("2024-03-24", 60, &[], false),
            entry("2024-03-24", 133, &[], false),
        ]);
        fig.daily = vec![
            day("2024-03-22", 12, Qualifier::Vague, false),
            // "at least 70" and 93 can both be true: no conflict though 33 % apart.
            day("2024-03-23", 93, Qualifier::Exact, false),
            day("2024-03-24", 133, Qualifier::Exact, true),
        ];
        let c = figure_chart("c", "Killed", &fig);
        let story = &c.series[0];
        assert_eq!(story.points.len(), 2, "the vague day is not plotted");
        assert!(
            story.points[0]
                .label
                .starts_with("2024-03-23: 93 (1 of 2 reports)")
        );
        assert_eq!(c.conflicts.len(), 1);
        assert!(c.conflicts[0].label.starts_with("2024-03-24"));
        let s = sparkline(&fig).unwrap();
        assert!(
            s.label.ends_with("93 (2024-03-23) → 133 (2024-03-24)"),
            "{}",
            s.label
        );
    }
}
