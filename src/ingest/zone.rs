//! The time zone that zone-less timestamps are read in (`--timezone`): a fixed offset
//! (`UTC`, `+01:00`, `-0530`) or an IANA zone (`Europe/London`) with its daylight-saving
//! rules from the tz database bundled into the binary by jiff (never the machine's own
//! zoneinfo, so results are the same everywhere). Owns parsing the flag's value, placing a
//! local date-time in UTC, and counting the local times that fell in a daylight-saving gap
//! or fold so the reader can state how they were read.
//!
//! It does not parse timestamps (each reader does) and knows nothing of formats. chrono
//! stays the crate's date type; jiff is used only here, behind `Zone::to_utc`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};
use jiff::tz::AmbiguousOffset;
use std::fmt;

/// A fixed offset or an IANA time zone.
#[derive(Clone, Debug)]
pub enum Zone {
    Fixed(FixedOffset),
    Iana(jiff::tz::TimeZone),
}

/// How a local date-time was placed in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The local time happens exactly once.
    Exact,
    /// The local time does not exist (clocks went forward over it); read as the time after
    /// the gap, i.e. with the offset in force before it (jiff's "compatible").
    Gap,
    /// The local time happens twice (clocks went back); read as the earlier instance.
    Fold,
}

/// The forms `Zone::parse` accepts, for error messages and help.
pub const ACCEPTED: &str =
    "UTC, an offset like +01:00 or -0530, or an IANA zone name like Europe/London";

impl Default for Zone {
    fn default() -> Self {
        Zone::utc()
    }
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset is valid"))
    }

    /// Reads the `--timezone` value.
    pub fn parse(s: &str) -> Result<Zone, String> {
        if s.eq_ignore_ascii_case("utc") || s == "Z" {
            return Ok(Zone::utc());
        }
        if let Some(first) = s.as_bytes().first()
            && matches!(first, b'+' | b'-')
        {
            return parse_offset(s).map(Zone::Fixed);
        }
        // IANA names hold a slash (Europe/London); bare abbreviations such as "BST" or
        // "EST" are ambiguous the world over and are refused.
        if s.contains('/')
            && let Ok(tz) = jiff::tz::db().get(s)
        {
            return Ok(Zone::Iana(tz));
        }
        Err(format!("time zone {s:?} is not known; use {ACCEPTED}"))
    }

    /// Places a zone-less local date-time in UTC; `None` when it cannot be placed (out of
    /// the representable range).
    pub fn to_utc(&self, local: &NaiveDateTime) -> Option<(DateTime<Utc>, Placement)> {
        let (offset, placement) = match self {
            Zone::Fixed(o) => (*o, Placement::Exact),
            Zone::Iana(tz) => {
                let civil = jiff::civil::DateTime::new(
                    i16::try_from(local.year()).ok()?,
                    i8::try_from(local.month()).ok()?,
                    i8::try_from(local.day()).ok()?,
                    i8::try_from(local.hour()).ok()?,
                    i8::try_from(local.minute()).ok()?,
                    // A leap second (60) is read at 59 for finding the offset.
                    i8::try_from(local.second().min(59)).ok()?,
                    0,
                )
                .ok()?;
                let (offset, placement) = match tz.to_ambiguous_timestamp(civil).offset() {
                    AmbiguousOffset::Unambiguous { offset } => (offset, Placement::Exact),
                    AmbiguousOffset::Gap { before, .. } => (before, Placement::Gap),
                    AmbiguousOffset::Fold { before, .. } => (before, Placement::Fold),
                };
                (FixedOffset::east_opt(offset.seconds())?, placement)
            }
        };
        let utc = offset.from_local_datetime(local).single()?;
        Some((utc.with_timezone(&Utc), placement))
    }
}

/// `UTC+01:00` for an offset (as the assumptions always said), the zone's name for an
/// IANA zone.
impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Fixed(o) => write!(f, "UTC{o}"),
            Zone::Iana(tz) => match tz.iana_name() {
                Some(name) => write!(f, "{name} (with its daylight-saving rules)"),
                None => f.write_str("an IANA time zone"),
            },
        }
    }
}

fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    let bad = || format!("time zone {s:?} is not an offset like +01:00 or -0530; use {ACCEPTED}");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let h: i32 = digits[..2].parse().map_err(|_| bad())?;
    let m: i32 = digits[2..].parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// One file's zone-less times: places each in the zone and counts how many were
/// zone-less, non-existent (gap) or doubled (fold), for the file's assumptions.
#[derive(Debug)]
pub struct LocalTimes<'z> {
    pub zone: &'z Zone,
    /// Zone-less times placed.
    pub placed: usize,
    pub gaps: usize,
    pub folds: usize,
}

impl<'z> LocalTimes<'z> {
    pub fn new(zone: &'z Zone) -> Self {
        LocalTimes {
            zone,
            placed: 0,
            gaps: 0,
            folds: 0,
        }
    }

    /// Places one zone-less time and counts it.
    pub fn to_utc(&mut self, local: &NaiveDateTime) -> Option<DateTime<Utc>> {
        let (t, placement) = self.zone.to_utc(local)?;
        self.placed += 1;
        match placement {
            Placement::Exact => {}
            Placement::Gap => self.gaps += 1,
            Placement::Fold => self.folds += 1,
        }
        Some(t)
    }

    /// The assumptions about daylight saving (none for a fixed offset, or when no time fell
    /// in a gap or fold). The reader states the zone-less assumption itself.
    pub fn dst_assumptions(&self) -> Vec<String> {
        let mut out = Vec::new();
        let name = match self.zone {
            Zone::Iana(tz) => tz.iana_name().unwrap_or("the time zone"),
            Zone::Fixed(_) => return out,
        };
        if self.gaps > 0 {
            out.push(format!(
                "{} local times do not exist in {name} (clocks went forward over them); read as the time after the gap",
                self.gaps
            ));
        }
        if self.folds > 0 {
            out.push(format!(
                "{} local times happen twice in {name} (clocks went back); read as the earlier of the two",
                self.folds
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn offsets() {
        for (s, secs) in [
            ("+01:00", 3600),
            ("-0530", -19800),
            ("UTC", 0),
            ("utc", 0),
            ("+00:00", 0),
        ] {
            match Zone::parse(s).unwrap() {
                Zone::Fixed(o) => assert_eq!(o.local_minus_utc(), secs, "{s}"),
                Zone::Iana(_) => panic!("{s} read as an IANA zone"),
            }
        }
    }

    #[test]
    fn refusals_list_the_accepted_forms() {
        for s in [
            "1",
            "+1",
            "+25:00",
            "",
            "BST",
            "Europe/Atlantis",
            "London",
            "+01:99",
        ] {
            let err = Zone::parse(s).unwrap_err();
            assert!(
                err.contains("Europe/London") && err.contains("+01:00"),
                "{s}: {err}"
            );
        }
    }

    #[test]
    fn iana_names_and_display() {
        assert_eq!(Zone::parse("+01:00").unwrap().to_string(), "UTC+01:00");
        assert_eq!(Zone::parse("UTC").unwrap().to_string(), "UTC+00:00");
        let london = Zone::parse("Europe/London").unwrap();
        assert!(matches!(london, Zone::Iana(_)));
        assert!(london.to_string().starts_with("Europe/London"));
        assert!(matches!(
            Zone::parse("America/New_York").unwrap(),
            Zone::Iana(_)
        ));
    }

    #[test]
    fn conversions() {
        use Placement::*;
        // (zone, local time, expected UTC, placement)
        let table = [
            // London: GMT in winter, BST (+1) in summer.
            (
                "Europe/London",
                local(2025, 1, 15, 12, 0),
                "2025-01-15T12:00:00Z",
                Exact,
            ),
            (
                "Europe/London",
                local(2025, 7, 15, 12, 0),
                "2025-07-15T11:00:00Z",
                Exact,
            ),
            // 30 March 2025: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist and is read
            // as the time after the gap (02:30 BST = 01:30 UTC).
            (
                "Europe/London",
                local(2025, 3, 30, 1, 30),
                "2025-03-30T01:30:00Z",
                Gap,
            ),
            // 26 October 2025: 01:30 happens in BST, then in GMT; the earlier is 00:30 UTC.
            (
                "Europe/London",
                local(2025, 10, 26, 1, 30),
                "2025-10-26T00:30:00Z",
                Fold,
            ),
            // New York: EST (-5) in winter, EDT (-4) in summer.
            (
                "America/New_York",
                local(2025, 1, 15, 12, 0),
                "2025-01-15T17:00:00Z",
                Exact,
            ),
            (
                "America/New_York",
                local(2025, 7, 15, 12, 0),
                "2025-07-15T16:00:00Z",
                Exact,
            ),
            // 9 March 2025: 02:00 EST jumps to 03:00 EDT; 02:30 read as 03:30 EDT.
            (
                "America/New_York",
                local(2025, 3, 9, 2, 30),
                "2025-03-09T07:30:00Z",
                Gap,
            ),
            // 2 November 2025: 01:30 EDT then EST; the earlier is 05:30 UTC.
            (
                "America/New_York",
                local(2025, 11, 2, 1, 30),
                "2025-11-02T05:30:00Z",
                Fold,
            ),
            // Fixed offsets as before: no daylight saving.
            (
                "+01:00",
                local(2025, 7, 15, 12, 0),
                "2025-07-15T11:00:00Z",
                Exact,
            ),
            (
                "-0530",
                local(2025, 3, 30, 1, 30),
                "2025-03-30T07:00:00Z",
                Exact,
            ),
            (
                "UTC",
                local(2025, 10, 26, 1, 30),
                "2025-10-26T01:30:00Z",
                Exact,
            ),
        ];
        for (zone, t, want, placement) in table {
            let z = Zone::parse(zone).unwrap();
            let (got, how) = z.to_utc(&t).unwrap();
            assert_eq!(
                got.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                want,
                "{zone} {t}"
            );
            assert_eq!(how, placement, "{zone} {t}");
        }
    }

    #[test]
    fn local_times_count_gaps_and_folds() {
        let z = Zone::parse("Europe/London").unwrap();
        let mut l = LocalTimes::new(&z);
        for t in [
            local(2025, 3, 30, 1, 30),
            local(2025, 3, 30, 1, 45),
            local(2025, 10, 26, 1, 10),
            local(2025, 6, 1, 9, 0),
        ] {
            l.to_utc(&t).unwrap();
        }
        assert_eq!((l.placed, l.gaps, l.folds), (4, 2, 1));
        let a = l.dst_assumptions();
        assert_eq!(a.len(), 2);
        assert!(
            a[0].starts_with("2 local times do not exist in Europe/London"),
            "{a:?}"
        );
        assert!(
            a[1].starts_with("1 local times happen twice in Europe/London"),
            "{a:?}"
        );
        let fixed = Zone::utc();
        assert!(LocalTimes::new(&fixed).dst_assumptions().is_empty());
    }
}
