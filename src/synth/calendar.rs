//! Dates and timestamps of the synthetic exports: days since 1970 to a civil date and a
//! Unix time split into fields, by integer arithmetic (no time-zone library, so the bytes
//! are the same on every machine), and the four timestamp styles of an Android WhatsApp
//! export (`Stamp`).

use std::io::Write;

/// How an Android export writes its timestamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stamp {
    /// `31/12/2024, 21:05 - `
    DayMonthYear,
    /// `31/12/24, 21:05 - `
    DayMonthShortYear,
    /// `12/31/24, 9:05\u{202F}PM - ` (recent Android, narrow no-break space)
    UsNarrowSpace,
    /// `12/31/24, 9:05 PM - `
    UsSpace,
}

/// Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (Hinnant's algorithm).
pub(super) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day, hour, minute, second) of a Unix time.
pub(super) fn split_time(t: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400) as u32;
    (y, m, d, s / 3600, s / 60 % 60, s % 60)
}

pub(super) fn write_stamp(out: &mut Vec<u8>, stamp: Stamp, t: i64) {
    let (y, mo, d, h, mi, _) = split_time(t);
    let yy = y.rem_euclid(100);
    // Writing into a Vec cannot fail.
    let _ = match stamp {
        Stamp::DayMonthYear => write!(out, "{d:02}/{mo:02}/{y}, {h:02}:{mi:02} - "),
        Stamp::DayMonthShortYear => write!(out, "{d:02}/{mo:02}/{yy:02}, {h:02}:{mi:02} - "),
        Stamp::UsNarrowSpace | Stamp::UsSpace => {
            let (h12, mer) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            let space = if stamp == Stamp::UsSpace {
                " "
            } else {
                "\u{202F}"
            };
            write!(out, "{mo}/{d}/{yy:02}, {h12}:{mi:02}{space}{mer} - ")
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        for (days, want) in [
            (0, (1970, 1, 1)),
            (18_993, (2022, 1, 1)),
            (19_782, (2024, 2, 29)),
            (20_269, (2025, 6, 30)),
            (-1, (1969, 12, 31)),
        ] {
            assert_eq!(civil_from_days(days), want, "{days}");
        }
    }

    #[test]
    fn stamps_in_every_style() {
        let t = 19_782 * 86_400 + 21 * 3600 + 5 * 60; // 2024-02-29 21:05
        for (stamp, want) in [
            (Stamp::DayMonthYear, "29/02/2024, 21:05 - "),
            (Stamp::DayMonthShortYear, "29/02/24, 21:05 - "),
            (Stamp::UsNarrowSpace, "2/29/24, 9:05\u{202F}PM - "),
            (Stamp::UsSpace, "2/29/24, 9:05 PM - "),
        ] {
            let mut out = Vec::new();
            write_stamp(&mut out, stamp, t);
            assert_eq!(String::from_utf8(out).unwrap(), want);
        }
        let mut out = Vec::new();
        write_stamp(&mut out, Stamp::UsSpace, 19_782 * 86_400 + 30 * 60);
        assert_eq!(String::from_utf8(out).unwrap(), "2/29/24, 12:30 AM - ");
    }
}
