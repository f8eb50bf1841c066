//! How a person types (`Style`): lower case, dropped apostrophes and full stops,
//! abbreviations, leetspeak, typos and stretched vowels, applied by `stylise` to every
//! message after its template is filled. The word tables are in `templates/style.txt`.

use super::builder::MEDIA;
use super::templates::templates;
use crate::rng::Rng;

/// How a person types. Applied to every message after the template is filled, so the same
/// template reads differently from different people. Percentages are per eligible word.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Style {
    lower: bool,
    no_apostrophes: bool,
    no_full_stop: bool,
    abbrev: u8,
    leet: u8,
    typo: u8,
    stretch: u8,
}

impl Style {
    pub(super) fn adult(rng: &mut Rng) -> Style {
        Style {
            lower: rng.percent(25),
            no_apostrophes: rng.percent(20),
            no_full_stop: rng.percent(50),
            abbrev: if rng.percent(20) { 15 } else { 0 },
            leet: 0,
            typo: rng.range(0, 2) as u8,
            stretch: 0,
        }
    }

    pub(super) fn young(rng: &mut Rng) -> Style {
        Style {
            lower: rng.percent(90),
            no_apostrophes: rng.percent(80),
            no_full_stop: true,
            abbrev: rng.range(10, 60) as u8,
            leet: if rng.percent(5) { 15 } else { 0 },
            typo: rng.range(0, 4) as u8,
            stretch: rng.range(0, 30) as u8,
        }
    }

    /// A groomer writing like the young person they target (often), or plainly.
    pub(super) fn casual_adult(rng: &mut Rng, leet: bool) -> Style {
        let mut s = if rng.percent(70) {
            Style::young(rng)
        } else {
            Style::adult(rng)
        };
        if leet {
            s.lower = true;
            s.no_apostrophes = true;
            s.abbrev = s.abbrev.max(50);
            s.leet = rng.range(25, 50) as u8;
            s.stretch = s.stretch.max(30);
            s.typo = s.typo.max(3);
        }
        s
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

pub(super) fn stylise(rng: &mut Rng, text: &str, st: Style) -> String {
    if text == MEDIA {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        for (wi, raw) in line.split(' ').enumerate() {
            if wi > 0 {
                out.push(' ');
            }
            let start = raw.find(is_word_char).unwrap_or(raw.len());
            let end = raw.rfind(is_word_char).map_or(start, |i| {
                i + raw[i..].chars().next().map_or(0, char::len_utf8)
            });
            let (lead, core, tail) = (&raw[..start], &raw[start..end], &raw[end..]);
            out.push_str(lead);
            out.push_str(&style_word(rng, core, st));
            out.push_str(tail);
        }
    }
    if st.lower {
        out = out.to_lowercase();
    }
    if st.no_apostrophes {
        out.retain(|c| c != '\'' && c != '’');
    }
    if st.no_full_stop && out.ends_with('.') && !out.ends_with("..") {
        out.pop();
    }
    out
}

fn style_word(rng: &mut Rng, word: &str, st: Style) -> String {
    if word.is_empty() || !word.is_ascii() {
        return word.to_string();
    }
    let lower = word.to_ascii_lowercase();
    let tpl = templates();
    if st.abbrev > 0
        && let Some((_, alts)) = tpl.abbreviations.iter().find(|(w, _)| *w == lower)
        && rng.percent(u64::from(st.abbrev))
    {
        return rng.pick(alts).to_string();
    }
    if st.stretch > 0
        && tpl.stretchy.contains(&lower)
        && rng.percent(u64::from(st.stretch))
        && let Some(i) = lower.rfind(['a', 'e', 'i', 'o', 'u', 'y'])
    {
        {
            let n = rng.range(2, 5) as usize;
            let c = &lower[i..=i];
            return format!("{}{}{}", &lower[..i], c.repeat(n), &lower[i + 1..]);
        }
    }
    let letters = word.chars().all(|c| c.is_ascii_alphabetic());
    if st.leet > 0 && letters && word.len() >= 3 && rng.percent(u64::from(st.leet)) {
        return word
            .chars()
            .map(|c| match c {
                'e' if rng.percent(75) => '3',
                'i' if rng.percent(70) => '1',
                'o' if rng.percent(70) => '0',
                'a' if rng.percent(30) => '4',
                's' if rng.percent(15) => '5',
                c => c,
            })
            .collect();
    }
    if st.typo > 0 && letters && word.len() >= 5 && rng.percent(u64::from(st.typo) * 2) {
        let mut cs: Vec<char> = word.chars().collect();
        let i = rng.range(1, cs.len() as u64 - 3) as usize;
        if rng.percent(50) {
            cs.swap(i, i + 1);
        } else {
            cs.remove(i);
        }
        return cs.into_iter().collect();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_change_words_not_placeholders() {
        let mut rng = Rng::new(5);
        let st = Style {
            lower: true,
            no_apostrophes: true,
            no_full_stop: true,
            abbrev: 100,
            leet: 0,
            typo: 0,
            stretch: 0,
        };
        assert_eq!(stylise(&mut rng, MEDIA, st), MEDIA);
        let s = stylise(&mut rng, "Don't tell your mum.", st);
        assert!(
            s.starts_with("d") && s.contains("tell") && !s.ends_with('.'),
            "{s}"
        );
        assert!(s.contains("ur ") || s.contains("yr "), "{s}");
    }
}
