//! How the table outputs meet a terminal (issue 20): whether bands are coloured
//! (`--color auto|always|never`, `NO_COLOR`) and how wide a line may be (free text clipped
//! to the terminal's width). A `Terminal` is decided once per command, from the flag and
//! the environment, and handed to the table writers (`ReportContext::terminal` for `scan`
//! and `rank`), so a streamed scan and one held in memory render the same bytes.
//! `Terminal::PLAIN` (files, pipes under `auto`, every machine format) is today's output
//! byte for byte. This module does not decide what text is safe to print
//! (`report::terminal_safe` does).

use std::borrow::Cow;
use std::io::IsTerminal as _;
use std::path::Path;

/// `--color`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal, `NO_COLOR` is unset or empty and `TERM`
    /// is not `dumb`.
    #[default]
    Auto,
    /// Colour even into a pipe (never into a file written with `-o`).
    Always,
    Never,
}

/// The width assumed for a terminal that does not say its size.
pub const DEFAULT_WIDTH: usize = 100;

/// Clipped free text keeps at least this many columns, however narrow the terminal.
pub const MIN_FREE: usize = 12;

/// How table output is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Bands in colour (SGR escape codes).
    pub color: bool,
    /// Clip the free-text column so that lines fit in this many columns; `None`: never clip.
    pub width: Option<usize>,
}

/// What the decision reads from the environment (`Environment::read`), as plain data so
/// that it can be tested.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// Standard output is a terminal.
    pub tty: bool,
    /// `NO_COLOR` (https://no-color.org).
    pub no_color: Option<String>,
    /// `TERM`.
    pub term: Option<String>,
    /// `COLUMNS`.
    pub columns: Option<String>,
    /// The terminal's own width (its window size), when it gives one.
    pub tty_width: Option<usize>,
}

impl Environment {
    /// The environment of this process's standard output.
    pub fn read() -> Environment {
        let tty = std::io::stdout().is_terminal();
        let var = |name| std::env::var(name).ok();
        Environment {
            tty,
            no_color: var("NO_COLOR"),
            term: var("TERM"),
            columns: var("COLUMNS"),
            tty_width: if tty {
                console::Term::stdout()
                    .size_checked()
                    .map(|(_, cols)| usize::from(cols))
            } else {
                None
            },
        }
    }
}

impl Terminal {
    /// No colour, no clipping: files, pipes and every machine format.
    pub const PLAIN: Terminal = Terminal {
        color: false,
        width: None,
    };

    /// The terminal of a command's report: `PLAIN` when it goes to a file (`-o`), else
    /// decided for standard output (`decide`).
    pub fn for_output(file: Option<&Path>, choice: ColorChoice) -> Terminal {
        match file {
            Some(_) => Terminal::PLAIN,
            None => Terminal::decide(choice, &Environment::read()),
        }
    }

    /// The policy: colour by `choice` (under `Auto`: a terminal, `NO_COLOR` unset or empty,
    /// `TERM` not `dumb`); clipping only on a terminal, to `COLUMNS`, else the terminal's
    /// width, else `DEFAULT_WIDTH`.
    pub fn decide(choice: ColorChoice, env: &Environment) -> Terminal {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                env.tty
                    && env.no_color.as_deref().is_none_or(str::is_empty)
                    && env.term.as_deref() != Some("dumb")
            }
        };
        let width = env.tty.then(|| {
            env.columns
                .as_deref()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|&c| c > 0)
                .or(env.tty_width.filter(|&c| c > 0))
                .unwrap_or(DEFAULT_WIDTH)
        });
        Terminal { color, width }
    }

    /// A band's name padded to `pad` columns, its name coloured when colour is on (the
    /// padding stays outside the escape codes, so columns line up).
    pub fn band(&self, name: &str, pad: usize) -> String {
        let fill = " ".repeat(pad.saturating_sub(name.chars().count()));
        match self.band_style(name) {
            Some(sgr) if self.color => format!("\x1b[{sgr}m{name}\x1b[0m{fill}"),
            _ => format!("{name}{fill}"),
        }
    }

    fn band_style(&self, name: &str) -> Option<&'static str> {
        match name {
            "high" => Some("1;31"),
            "medium" => Some("33"),
            "low" => Some("36"),
            _ => None,
        }
    }

    /// Text shown faint when colour is on (context lines of `search -C`).
    pub fn faint<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.color && !text.is_empty() {
            Cow::Owned(format!("\x1b[2m{text}\x1b[0m"))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Free text (terminal-safe already) clipped, with an ellipsis, so that a line whose
    /// other columns take `used` columns fits the width; unchanged when not clipping. Keeps
    /// at least `MIN_FREE` columns.
    pub fn fit<'t>(&self, text: &'t str, used: usize) -> Cow<'t, str> {
        match self.width {
            Some(w) => console::truncate_str(text, w.saturating_sub(used).max(MIN_FREE), "…"),
            None => Cow::Borrowed(text),
        }
    }
}

/// Columns `text` takes on a terminal (wide characters count two; escape codes none).
pub fn width(text: &str) -> usize {
    console::measure_text_width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(tty: bool, no_color: Option<&str>, columns: Option<&str>) -> Environment {
        Environment {
            tty,
            no_color: no_color.map(str::to_string),
            term: Some("xterm".into()),
            columns: columns.map(str::to_string),
            tty_width: Some(90),
        }
    }

    #[test]
    fn colour_and_width_follow_the_flag_the_terminal_and_no_color() {
        use ColorChoice::*;
        // (choice, tty, NO_COLOR, COLUMNS) -> (colour, width)
        let table = [
            (Auto, true, None, None, true, Some(90)),
            (Auto, true, Some(""), None, true, Some(90)),
            (Auto, true, Some("1"), None, false, Some(90)),
            (Auto, false, None, None, false, None),
            (Always, false, None, None, true, None),
            (Always, true, Some("1"), Some("60"), true, Some(60)),
            (Never, true, None, Some("60"), false, Some(60)),
            (Auto, true, None, Some("junk"), true, Some(90)),
            (Auto, true, None, Some("0"), true, Some(90)),
        ];
        for (choice, tty, no_color, columns, color, width) in table {
            let got = Terminal::decide(choice, &env(tty, no_color, columns));
            assert_eq!(
                got,
                Terminal { color, width },
                "{choice:?} tty {tty} NO_COLOR {no_color:?} COLUMNS {columns:?}"
            );
        }
        let mut dumb = env(true, None, None);
        dumb.term = Some("dumb".into());
        assert!(!Terminal::decide(Auto, &dumb).color);
        dumb.tty_width = None;
        assert_eq!(Terminal::decide(Auto, &dumb).width, Some(DEFAULT_WIDTH));
    }

    #[test]
    fn bands_pad_outside_the_colour_and_text_fits() {
        let plain = Terminal::PLAIN;
        assert_eq!(plain.band("high", 6), "high  ");
        assert_eq!(plain.fit("a long title", 0), "a long title");
        let tty = Terminal {
            color: true,
            width: Some(20),
        };
        assert_eq!(tty.band("high", 6), "\x1b[1;31mhigh\x1b[0m  ");
        assert_eq!(tty.band("none", 6), "none  ");
        assert_eq!(width(&tty.band("medium", 6)), 6);
        // 20 columns, 10 used: 10 left, raised to MIN_FREE (12), the ellipsis one of them.
        assert_eq!(tty.fit("0123456789abcdef", 10), "0123456789a…");
        assert_eq!(tty.fit("short", 10), "short");
        // Wide characters take two columns each.
        let wide = Terminal {
            color: false,
            width: Some(40),
        };
        let cut = wide.fit("日本語日本語日本語", 28);
        assert_eq!(cut, "日本語日本…");
        assert!(width(&cut) <= 12);
    }
}
