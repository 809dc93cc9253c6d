//! Serde for dates and times that stays text (`2024-10-15`, `2024-10-15T09:00:00`) in
//! human-readable formats (JSON, RON) and is a day number in binary ones (the workspace cache),
//! where reading a million dates as text would be most of the cost. Use with
//! `#[serde(with = "crate::compact_date::…")]`.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Day numbers count from this day.
const EPOCH: NaiveDate = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");

fn day_number(date: NaiveDate) -> i64 {
    (date - EPOCH).num_days()
}

fn from_day_number<E: de::Error>(days: i64) -> Result<NaiveDate, E> {
    let moved = if days >= 0 {
        EPOCH.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        EPOCH.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.ok_or_else(|| E::custom(format!("day number {days} is out of range")))
}

/// A [`NaiveDate`].
pub(crate) mod date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            date.serialize(serializer)
        } else {
            serializer.serialize_i64(day_number(*date))
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        if deserializer.is_human_readable() {
            NaiveDate::deserialize(deserializer)
        } else {
            from_day_number(i64::deserialize(deserializer)?)
        }
    }
}

/// An `Option<NaiveDate>`.
pub(crate) mod option_date {
    use super::*;

    /// A date as [`super::date`] writes it (not a newtype in any format).
    struct Compact(NaiveDate);

    impl Serialize for Compact {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::date::serialize(&self.0, serializer)
        }
    }

    impl<'de> Deserialize<'de> for Compact {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Compact, D::Error> {
            super::date::deserialize(deserializer).map(Compact)
        }
    }

    pub(crate) fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
        date.map(Compact).serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<Compact>::deserialize(deserializer)?.map(|Compact(date)| date))
    }
}

/// A [`NaiveDateTime`]: the day number and the nanoseconds since midnight.
pub(crate) mod date_time {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(at: &NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            at.serialize(serializer)
        } else {
            let since_midnight = (at.time() - NaiveTime::MIN).num_nanoseconds().expect("a day fits");
            (day_number(at.date()), since_midnight).serialize(serializer)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDateTime, D::Error> {
        if deserializer.is_human_readable() {
            return NaiveDateTime::deserialize(deserializer);
        }
        let (days, nanos) = <(i64, i64)>::deserialize(deserializer)?;
        let time = u32::try_from(nanos / 1_000_000_000)
            .ok()
            .and_then(|secs| NaiveTime::from_num_seconds_from_midnight_opt(secs, (nanos % 1_000_000_000) as u32))
            .ok_or_else(|| de::Error::custom(format!("{nanos} ns is not a time of day")))?;
        Ok(from_day_number::<D::Error>(days)?.and_time(time))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dates {
        #[serde(with = "date")]
        day: NaiveDate,
        #[serde(with = "option_date")]
        maybe: Option<NaiveDate>,
        #[serde(with = "option_date")]
        none: Option<NaiveDate>,
        #[serde(with = "date_time")]
        at: NaiveDateTime,
    }

    fn sample() -> Dates {
        Dates {
            day: NaiveDate::from_ymd_opt(1949, 10, 1).unwrap(),
            maybe: Some(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
            none: None,
            at: NaiveDate::from_ymd_opt(2024, 10, 15).unwrap().and_hms_milli_opt(9, 30, 5, 250).unwrap(),
        }
    }

    #[test]
    fn text_in_json_and_numbers_in_the_cache_both_round_trip() {
        let ron = ron::to_string(&sample()).unwrap();
        assert_eq!(ron, r#"(day:"1949-10-01",maybe:Some("2024-02-29"),none:None,at:"2024-10-15T09:30:05.250")"#);
        assert_eq!(ron::from_str::<Dates>(&ron).unwrap(), sample());
        let bytes = postcard::to_allocvec(&sample()).unwrap();
        assert!(bytes.len() < 20, "{bytes:?}");
        assert_eq!(postcard::from_bytes::<Dates>(&bytes).unwrap(), sample());
    }
}
