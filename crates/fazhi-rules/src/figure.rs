use std::fmt;

use serde::Serialize;

use crate::{FigureQuery, FigureUnit};

/// A number of the report, with what it is and, when it comes from the ledger, the query
/// behind it. It prints as the report writes it: `49`, `183.5`, `87.4%`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The number (for a rate, the percentage: 87.44 for 87.4%).
    pub value: f64,
    /// What the number is.
    pub unit: FigureUnit,
    /// The ledger query it was computed by, if any.
    pub query: Option<FigureQuery>,
    /// For a rate: the part and the whole it was computed from.
    pub rate_of: Option<(f64, f64)>,
}

impl Figure {
    /// A plain number given by a script (not from the ledger).
    pub fn number(value: f64) -> Figure {
        let unit = if value.fract() == 0.0 { FigureUnit::Integer } else { FigureUnit::Number };
        Figure { value, unit, query: None, rate_of: None }
    }

    /// `part / whole` as a percentage; `None` when `whole` is 0.
    pub fn rate(part: f64, whole: f64) -> Option<Figure> {
        (whole != 0.0).then(|| Figure {
            value: part * 100.0 / whole,
            unit: FigureUnit::Rate,
            query: None,
            rate_of: Some((part, whole)),
        })
    }

    /// The figure as the report writes an approximate count: rounded down to a multiple of
    /// `step` (by default the power of ten of its leading digit) followed by 余 — 43 → 40余,
    /// 812 → 800余, 183.5 with step 10 → 180余. A number already round is written as is.
    pub fn approximate(&self, step: Option<f64>) -> String {
        let value = self.value;
        if self.unit == FigureUnit::Rate || value < 1.0 {
            return self.to_string();
        }
        let step = step.filter(|step| *step > 0.0).unwrap_or_else(|| 10f64.powi(value.log10().floor() as i32));
        let floor = (value / step).floor() * step;
        if floor == value {
            plain(value)
        } else {
            format!("{}余", plain(floor))
        }
    }
}

/// A number without a needless fraction, with at most two decimals.
fn plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            FigureUnit::Rate => {
                let text = format!("{:.1}", self.value);
                write!(f, "{}%", text.strip_suffix(".0").unwrap_or(&text))
            }
            FigureUnit::Integer | FigureUnit::Number => f.write_str(&plain(self.value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_as_the_report_writes_them() {
        assert_eq!(Figure::number(49.0).to_string(), "49");
        assert_eq!(Figure::number(183.5).to_string(), "183.5");
        assert_eq!(Figure::rate(181.0, 207.0).unwrap().to_string(), "87.4%");
        assert_eq!(Figure::rate(40.0, 50.0).unwrap().to_string(), "80%");
        assert_eq!(Figure::rate(12.0, 24.0).unwrap().to_string(), "50%");
        assert!(Figure::rate(1.0, 0.0).is_none());
        assert_eq!(Figure::number(43.0).approximate(None), "40余");
        assert_eq!(Figure::number(812.0).approximate(None), "800余");
        assert_eq!(Figure::number(108.0).approximate(None), "100余");
        assert_eq!(Figure::number(40.0).approximate(None), "40");
        assert_eq!(Figure::number(183.5).approximate(Some(10.0)), "180余");
        assert_eq!(Figure::number(7.0).approximate(None), "7");
    }
}
