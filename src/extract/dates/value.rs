//! Date values at the granularity the text gives (a day, an ISO week, a
//! month, a year), their ISO form, the days they span, whether two of them
//! can be the same time, and how they are written out in messages.

use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::ToSpan;
use serde::Serialize;

use crate::extract::numbers::{lang_matches, tsv_rows};
use crate::text::Lang;

/// A calendar date at the granularity the text gives: a day, a week
/// (`vergangene Woche`: `year` is then the ISO week-year), a month or a year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct DateValue {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// ISO week number, for week expressions only (month and day are `None`).
    /// Left out of JSON when `None`; as the last field it then also reads
    /// back from the index's positional records (`default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub week: Option<u8>,
}

impl DateValue {
    /// The ISO week of `date`.
    pub fn week_of(date: Date) -> DateValue {
        let w = date.iso_week_date();
        DateValue {
            year: Some(i32::from(w.year())),
            week: Some(w.week() as u8),
            ..DateValue::default()
        }
    }

    /// ISO 8601 at the value's granularity: `2024-11-01`, `2024-W45`,
    /// `2024-11`, `2024`, and `XXXX-05` for a month without a year.
    pub fn iso(&self) -> String {
        let year = self
            .year
            .map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"));
        if let Some(w) = self.week {
            return format!("{year}-W{w:02}");
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            _ => year,
        }
    }

    /// Reads what [`DateValue::iso`] writes.
    pub fn from_iso(s: &str) -> Option<DateValue> {
        let mut parts = s.split('-');
        let year = match parts.next()? {
            "XXXX" => None,
            y if y.len() == 4 => Some(y.parse().ok()?),
            _ => return None,
        };
        let mut v = DateValue {
            year,
            ..DateValue::default()
        };
        if let Some(p) = parts.next() {
            match p.strip_prefix('W') {
                Some(w) => v.week = Some(w.parse().ok()?),
                None => v.month = Some(p.parse().ok()?),
            }
        }
        if let Some(p) = parts.next() {
            v.day = Some(p.parse().ok()?);
        }
        parts.next().is_none().then_some(v)
    }

    /// The first and last day the value may mean; `None` without a year.
    pub fn span(&self) -> Option<(Date, Date)> {
        let year = i16::try_from(self.year?).ok()?;
        if let Some(w) = self.week {
            let monday = ISOWeekDate::new(year, w as i8, Weekday::Monday)
                .ok()?
                .date();
            return Some((monday, monday.checked_add(6.days()).ok()?));
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let day = Date::new(year, m as i8, d as i8).ok()?;
                Some((day, day))
            }
            (Some(m), None) => {
                let first = Date::new(year, m as i8, 1).ok()?;
                Some((first, first.last_of_month()))
            }
            _ => {
                let first = Date::new(year, 1, 1).ok()?;
                Some((first, first.last_of_year()))
            }
        }
    }

    /// Can the two values be the same time, at the granularity both give?
    /// `None` when they cannot be compared (no common granularity). Days,
    /// months and years agree when one lies within the other; a week agrees
    /// with what it overlaps.
    pub fn agrees(&self, other: &DateValue) -> Option<bool> {
        if self.week.is_some() || other.week.is_some() {
            return week_agrees(self, other);
        }
        let mut compared = false;
        if let (Some(x), Some(y)) = (self.year, other.year) {
            if x != y {
                return Some(false);
            }
            compared = true;
        }
        let (Some(am), Some(bm)) = (self.month, other.month) else {
            return compared.then_some(true);
        };
        if am != bm {
            return Some(false);
        }
        if let (Some(x), Some(y)) = (self.day, other.day) {
            if x != y {
                return Some(false);
            }
        }
        Some(true)
    }
}

/// [`DateValue::agrees`] when at least one side is a week.
fn week_agrees(a: &DateValue, b: &DateValue) -> Option<bool> {
    if let (Some((a0, a1)), Some((b0, b1))) = (a.span(), b.span()) {
        return Some(a0 <= b1 && b0 <= a1);
    }
    // A week against a month or day without a year: does a day of the
    // week fall on it?
    let (week, other) = if a.week.is_some() { (a, b) } else { (b, a) };
    let (first, _) = week.span()?;
    let month = other.month?;
    Some(
        (0..7)
            .filter_map(|i| first.checked_add(i.days()).ok())
            .any(|d| d.month() as u8 == month && other.day.is_none_or(|day| d.day() as u8 == day)),
    )
}

/// A date written out in `lang` at its granularity (`5. November 2024`,
/// `5 November 2024`, `November 2024`, `2024`; a week by its Monday:
/// `Woche vom 4. November 2024`, `week of 4 November 2024`).
pub fn written_out(v: &DateValue, lang: Lang) -> String {
    if v.week.is_some() {
        let Some((monday, _)) = v.span() else {
            return v.iso();
        };
        let day = written_out(&day_value(monday), lang);
        return match lang {
            Lang::De => format!("Woche vom {day}"),
            Lang::En => format!("week of {day}"),
        };
    }
    let month = v.month.and_then(|m| {
        tsv_rows(include_str!("../../../lexicons/months.tsv"))
            .filter(|r| r.len() >= 3 && r[2].parse() == Ok(m) && lang_matches(r[1], lang))
            .map(|r| r[0])
            // The full name: the first of the longest (`Januar`, not `Jan`).
            .fold(None::<&str>, |best, name| match best {
                Some(b) if b.chars().count() >= name.chars().count() => Some(b),
                _ => Some(name),
            })
            .map(|name| {
                let mut c = name.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
    });
    let year = v.year.map(|y| y.to_string());
    let day = v.day.map(|d| match lang {
        Lang::De => format!("{d}."),
        Lang::En => d.to_string(),
    });
    [day, month, year]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The day `d` as a value.
pub fn day_value(d: Date) -> DateValue {
    DateValue {
        year: Some(i32::from(d.year())),
        month: Some(d.month() as u8),
        day: Some(d.day() as u8),
        week: None,
    }
}

/// The resolved date to show beside a relative or year-less date as
/// written (`gestern` → `5. November 2024`); `None` when the text says it.
pub fn resolved_beside(text: &str, v: &DateValue, relative: bool, lang: Lang) -> Option<String> {
    if !relative || v.year.is_none() {
        return None;
    }
    let full = written_out(v, lang);
    (full != text).then_some(full)
}

/// How a date is shown: as written, with the resolved date beside a
/// relative word (`gestern (5. November 2024)`).
pub fn shown(text: &str, v: &DateValue, relative: bool, lang: Lang) -> String {
    match resolved_beside(text, v, relative, lang) {
        Some(full) => format!("{text} ({full})"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> DateValue {
        DateValue::from_iso(s).unwrap()
    }

    #[test]
    fn dates_with_and_without_a_week_read_back_from_index_records() {
        for d in [
            v("2024-11-05"),
            v("2024-11"),
            DateValue::week_of(jiff::civil::date(2024, 11, 5)),
        ] {
            let bytes = crate::corpus::disk::format::encode(&d);
            let back: DateValue = crate::corpus::disk::format::decode(&bytes).unwrap();
            assert_eq!(back, d);
        }
    }

    #[test]
    fn iso_round_trips() {
        for s in [
            "2024-11-05",
            "2024-11",
            "2024",
            "XXXX-05",
            "XXXX-03-03",
            "2024-W45",
        ] {
            assert_eq!(v(s).iso(), s);
        }
        assert_eq!(DateValue::from_iso("soon"), None);
        assert_eq!(DateValue::from_iso("2024-11-05-1"), None);
    }

    #[test]
    fn weeks_agree_with_what_they_overlap() {
        // Week 45 of 2024 runs from Monday 4 to Sunday 10 November.
        let week = v("2024-W45");
        assert_eq!(
            week.span(),
            Some((
                jiff::civil::date(2024, 11, 4),
                jiff::civil::date(2024, 11, 10)
            ))
        );
        assert_eq!(week.agrees(&v("2024-11-06")), Some(true));
        assert_eq!(week.agrees(&v("2024-11-12")), Some(false));
        assert_eq!(week.agrees(&v("2024-11")), Some(true));
        assert_eq!(week.agrees(&v("2024-10")), Some(false));
        assert_eq!(week.agrees(&v("2024-W46")), Some(false));
        assert_eq!(week.agrees(&v("XXXX-11-08")), Some(true));
        assert_eq!(week.agrees(&v("XXXX-11-18")), Some(false));
        // Week 1 of 2025 begins on 30 December 2024.
        assert_eq!(v("2025-W01").agrees(&v("2024-12-31")), Some(true));
        assert_eq!(
            DateValue::week_of(jiff::civil::date(2024, 12, 30)).iso(),
            "2025-W01"
        );
    }

    #[test]
    fn days_months_and_years_agree_by_containment() {
        assert_eq!(v("2024-11-01").agrees(&v("2024-11-01")), Some(true));
        assert_eq!(v("2024-10-11").agrees(&v("2024-11-01")), Some(false));
        assert_eq!(v("2024-11-11").agrees(&v("2024-11")), Some(true));
        assert_eq!(v("XXXX-05").agrees(&v("XXXX-05")), Some(true));
        assert_eq!(v("XXXX-05").agrees(&v("XXXX-06")), Some(false));
        assert_eq!(v("XXXX-05-03").agrees(&v("XXXX-05-04")), Some(false));
        assert_eq!(v("2015").agrees(&v("XXXX-03")), None);
    }

    #[test]
    fn weeks_are_written_out_by_their_monday() {
        assert_eq!(
            written_out(&v("2024-W45"), Lang::De),
            "Woche vom 4. November 2024"
        );
        assert_eq!(
            written_out(&v("2024-W45"), Lang::En),
            "week of 4 November 2024"
        );
        assert_eq!(
            shown("vergangene Woche", &v("2024-W45"), true, Lang::De),
            "vergangene Woche (Woche vom 4. November 2024)"
        );
    }
}
