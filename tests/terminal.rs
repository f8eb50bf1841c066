//! Terminal output (issue 20): `--color` on the tables of `scan`, `rank`, `search` and
//! `show`, never in files or machine formats, `NO_COLOR`, the table clipped to the
//! terminal's width (and never in a pipe), and the progress of `scan` on a terminal. The
//! terminal is a real pseudo-terminal (`util::on_terminal`).

use crate::util::{groomscan, on_terminal, scratch, strip_sgr};
use std::path::Path;

const HIGH: &str = "\x1b[1;31mhigh\x1b[0m";

use crate::util::run_ok as stdout;

/// Columns of the widest line (the demo's characters and the ellipsis are one column each).
fn widest(table: &str) -> usize {
    table
        .lines()
        .map(|l| strip_sgr(l).chars().count())
        .max()
        .unwrap_or(0)
}

/// The ranking part of a `scan` table: the lines before the blank line of the summary.
fn ranking(table: &str) -> &str {
    table.split("\n\n").next().unwrap()
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_never_in_files_or_machine_formats() {
    let plain = stdout(&["scan", "corpora/demo"]);
    assert!(!plain.contains('\x1b'), "a pipe under auto: no colour");
    assert_eq!(stdout(&["scan", "corpora/demo", "--color", "never"]), plain);
    let always = stdout(&["scan", "corpora/demo", "--color", "always"]);
    assert!(always.contains(HIGH), "{always}");
    assert!(always.contains("\x1b[33mmedium\x1b[0m"), "{always}");
    assert_eq!(strip_sgr(&always), plain, "colour adds escape codes only");
    // --color is global: before the subcommand too.
    assert_eq!(
        stdout(&["--color", "always", "scan", "corpora/demo"]),
        always
    );

    let dir = scratch();
    let file = dir.path().join("table.txt");
    stdout(&[
        "scan",
        "corpora/demo",
        "--color",
        "always",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        plain,
        "-o: no colour"
    );
    for format in ["json", "jsonl", "csv"] {
        let out = stdout(&[
            "scan",
            "corpora/demo",
            "--color",
            "always",
            "--format",
            format,
        ]);
        assert!(!out.contains('\x1b'), "{format}: no escape codes");
        assert_eq!(
            out,
            stdout(&["scan", "corpora/demo", "--format", format]),
            "{format}"
        );
    }

    let Some(tty) = on_terminal(&["scan", "corpora/demo"], &[], "2>/dev/null") else {
        return;
    };
    assert!(tty.contains(HIGH), "auto on a terminal: colour\n{tty}");
    for no_color in ["1", "yes"] {
        let tty = on_terminal(
            &["scan", "corpora/demo"],
            &[("NO_COLOR", no_color)],
            "2>/dev/null",
        )
        .unwrap();
        assert!(
            !tty.contains('\x1b'),
            "NO_COLOR={no_color}: no colour\n{tty}"
        );
    }
    let tty = on_terminal(
        &["scan", "corpora/demo"],
        &[("NO_COLOR", "")],
        "2>/dev/null",
    )
    .unwrap();
    assert!(
        tty.contains(HIGH),
        "an empty NO_COLOR does not count\n{tty}"
    );
    let tty = on_terminal(
        &["scan", "corpora/demo", "--color", "never"],
        &[],
        "2>/dev/null",
    )
    .unwrap();
    assert!(!tty.contains('\x1b'), "--color never on a terminal\n{tty}");
}

#[test]
fn tables_fit_the_terminal_and_are_whole_in_a_pipe() {
    let plain = stdout(&["scan", "corpora/demo"]);
    assert!(
        widest(ranking(&plain)) > 100 && !plain.contains('…'),
        "piped: nothing clipped\n{plain}"
    );
    let Some(narrow) = on_terminal(
        &["scan", "corpora/demo"],
        &[("COLUMNS", "70")],
        "2>/dev/null",
    ) else {
        return;
    };
    let rows = ranking(&narrow);
    assert!(widest(rows) <= 70, "COLUMNS=70\n{narrow}");
    assert!(rows.contains('…'), "{narrow}");
    // Only free text is cut: every row keeps its score, band and id.
    assert_eq!(
        rows.lines().filter(|l| l.contains("corpora/")).count(),
        plain.lines().filter(|l| l.contains("corpora/")).count(),
        "{narrow}"
    );
    // No COLUMNS and a terminal that gives no size (no terminal on stdin): 100.
    let default = on_terminal(&["scan", "corpora/demo"], &[], "2>/dev/null").unwrap();
    let rows = ranking(&default);
    assert!(widest(rows) <= 100, "{default}");
    assert!(rows.contains('…'), "{default}");
}

fn index(case: &Path) {
    let out = groomscan(&["index", "corpora/demo", "--case", case.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn rank_search_and_show_colour_their_bands() {
    let dir = scratch();
    let case = dir.path().join("case");
    index(&case);
    let case = case.to_str().unwrap();

    let plain = stdout(&["rank", "--case", case]);
    let always = stdout(&["rank", "--case", case, "--color", "always"]);
    assert!(!plain.contains('\x1b') && always.contains(HIGH), "{always}");
    assert_eq!(strip_sgr(&always), plain);
    let file = dir.path().join("rank.txt");
    stdout(&[
        "rank",
        "--case",
        case,
        "--color",
        "always",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), plain);

    let top = plain
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().nth(3))
        .unwrap()
        .to_string();

    let query = ["search", "--case", case, "pic", "--limit", "5"];
    let plain = stdout(&query);
    let always = stdout(&[&query[..], &["--color", "always"]].concat());
    assert!(
        !plain.contains('\x1b') && always.contains("\x1b[33mmedium\x1b[0m"),
        "{always}"
    );
    assert_eq!(strip_sgr(&always), plain);
    let json = stdout(&[&query[..], &["--color", "always", "--format", "json"]].concat());
    assert!(!json.contains('\x1b'));

    let plain = stdout(&["show", "--case", case, &top]);
    let always = stdout(&["show", "--case", case, &top, "--color", "always"]);
    assert!(always.contains(&format!("band {HIGH}")), "{always}");
    assert_eq!(strip_sgr(&always), plain);
}

/// Three small invented exports: `(folder, total bytes)`.
fn three_files(dir: &Path) -> u64 {
    let mut total = 0;
    for (name, text) in [
        ("a.jsonl", "hey, how was school"),
        ("b.jsonl", "send me a pic"),
        ("c.jsonl", "don't tell your mum"),
    ] {
        let line = format!(
            "{{\"conversation\":\"{name}\",\"author\":\"Sam\",\"time\":\"2025-03-01T10:00:00Z\",\"text\":\"{text}\"}}\n"
        );
        total += line.len() as u64;
        std::fs::write(dir.join(name), line).unwrap();
    }
    total
}

#[test]
fn scan_progress_on_a_terminal_shows_totals_rate_and_time_left() {
    let dir = scratch();
    let total = three_files(dir.path());
    assert!(total < 1024, "shown in bytes");
    let folder = dir.path().to_str().unwrap();
    // Not a terminal: nothing on stderr but what is said about the run.
    let out = groomscan(&["scan", folder]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("files,"), "{stderr}");

    // stdout away, stderr on the terminal: the progress frames.
    let Some(shown) = on_terminal(&["scan", folder], &[], ">/dev/null") else {
        return;
    };
    let frames = strip_sgr(&shown);
    assert!(frames.contains("/3 files"), "{frames:?}");
    assert!(frames.contains(&format!("of {total} B")), "{frames:?}");
    let rate = regex::Regex::new(r"\b\d+(\.\d\d)? (B|KiB|MiB|GiB)/s\b").unwrap();
    assert!(
        rate.is_match(&frames),
        "a rate in bytes per second: {frames:?}"
    );
    assert!(
        frames.contains(" left") || frames.contains("not known yet"),
        "{frames:?}"
    );
    let raw_float = regex::Regex::new(r"\d\.\d{3,}").unwrap();
    assert!(!raw_float.is_match(&frames), "no raw floats: {frames:?}");
}
