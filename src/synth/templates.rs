//! The generator's template tables as data: the files in `src/synth/templates/`, embedded
//! in the binary with `include_str!` and parsed once, on first use, into `Templates`. Owns
//! the file format, its parser and the types the builder reads (`Who`, `Line`, `Block`,
//! `Pool`); what a template's text means (`{slot}`, `|`, `<media>`) is `Builder`'s.
//!
//! Format. A file is a sequence of tables, each opened by a header line `[kind NAME]`.
//! `NAME` is the `Templates` field in capitals (`[blocks FRIENDS_OPEN]` is
//! `friends_open`) and appears once across all files; every table is read by the
//! generator. A line starting with `#` is a comment. No line may end in a space or a tab
//! (an editor would strip it without anyone noticing). The kinds:
//!
//! - `list`: one entry a line, `- text`; `-` alone is an empty entry.
//! - `pairs`: `- left = right` (a group's title and what the group meets for).
//! - `choices`: `- word = alt, alt, ...` (a word and what people write instead).
//! - `blocks`: blocks of templates, separated by blank lines. `A: text` starts a line of
//!   the block spoken by `A` (`A`, `B`, `X` or `M`: see `Who`), with its first
//!   alternative; each ` / text` under it (indented by one space or more) adds the next
//!   alternative. `A:` or ` /` alone is an empty alternative (when it is drawn, the line
//!   is skipped).
//! - `pools`: several pools of blocks (the key steps of a conversation type): `--` starts
//!   the next pool, and its blocks follow as in `blocks`.
//!
//! Text is everything after the marker and one space, verbatim (so `-  x` is " x"), with
//! two escapes: `\n` (a new line inside one message) and `\\` (a backslash).
//!
//! Order is meaning: the generator draws entries by position, so moving, adding or
//! removing an entry changes the corpus every seed gives. A malformed file panics at first
//! use with `src/synth/templates/FILE:LINE: what is wrong`; the tests load every shipped
//! file and compare each table with a fingerprint of what it held when it was Rust code.

use std::sync::LazyLock;

/// The shipped files, in the order they are read.
const FILES: &[(&str, &str)] = &[
    ("words.txt", include_str!("templates/words.txt")),
    ("style.txt", include_str!("templates/style.txt")),
    ("ordinary.txt", include_str!("templates/ordinary.txt")),
    ("hard.txt", include_str!("templates/hard.txt")),
    ("grooming.txt", include_str!("templates/grooming.txt")),
];

/// Where the files are, for messages.
const DIR: &str = "src/synth/templates";

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| load_or_panic(FILES));

/// The tables, parsed on the first call.
pub(super) fn templates() -> &'static Templates {
    &TEMPLATES
}

/// A speaker in a block: the chat's first or second person (the organiser and someone
/// else, the adult and the young person, ...), anyone other than the last speaker, or
/// any member other than the first person and the last speaker (in a group: not the
/// organiser).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Who {
    A,
    B,
    X,
    M,
}

/// One line of a block: a speaker and alternative templates. One variant number is drawn
/// per block: lines whose list is as long as the block's longest list take that variant
/// (so a question and its answer match); shorter lists are drawn on their own. An empty
/// alternative means the line is skipped.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Line {
    pub(super) who: Who,
    pub(super) alts: Vec<String>,
}

/// One exchange.
pub(super) type Block = Vec<Line>;
/// Blocks one of which is drawn at a time.
pub(super) type Pool = Vec<Block>;
type List = Vec<String>;
type Pairs = Vec<(String, String)>;
type Choices = Vec<(String, Vec<String>)>;
type Pools = Vec<Pool>;

macro_rules! templates {
    ($($(#[$doc:meta])* $field:ident: $ty:ty,)*) => {
        /// Every table of the shipped files: the field `name` is the table `[kind NAME]`.
        pub(super) struct Templates {
            $($(#[$doc])* pub(super) $field: $ty,)*
        }

        impl Templates {
            fn from_tables(tables: &mut Tables) -> Result<Templates, String> {
                Ok(Templates {
                    $($field: tables.take(&stringify!($field).to_ascii_uppercase())?,)*
                })
            }
        }
    };
}

templates! {
    // words.txt: slot fillers, names and group titles.
    names: List,
    handles: List,
    initials: List,
    places: List,
    meet_places: List,
    days: List,
    clocks: List,
    foods: List,
    shows: List,
    games: List,
    apps: List,
    gifts: List,
    money: List,
    subjects: List,
    teachers: List,
    pets: List,
    items: List,
    work_things: List,
    activities: List,
    things: List,
    chores: List,
    emo: List,
    short_replies: List,
    laughs: List,
    songs: List,
    groups_hobby: Pairs,
    groups_family: Pairs,
    groups_work: Pairs,
    groups_coach: Pairs,
    // style.txt: how people type.
    /// Words people shorten, and what they write instead.
    abbreviations: Choices,
    /// Words whose last vowel people stretch ("pleeease", "noooo").
    stretchy: List,
    // ordinary.txt: ordinary chat.
    friends_open: Pool,
    friends_filler: Pool,
    teen_open: Pool,
    teen_filler: Pool,
    family_open: Pool,
    family_filler: Pool,
    work_open: Pool,
    work_filler: Pool,
    group_open: Pool,
    group_filler: Pool,
    family_group_open: Pool,
    family_group_filler: Pool,
    neighbour_open: Pool,
    neighbour_filler: Pool,
    // hard.txt: hard negatives, shared vocabulary and benign behaviour.
    pickup_keys: Pools,
    teen_photo_keys: Pools,
    dating_open: Pool,
    dating_filler: Pool,
    dating_keys: Pools,
    dating_ages_a: List,
    dating_ages_b: List,
    gamer_open: Pool,
    gamer_filler: Pool,
    gamer_keys: Pools,
    age_ask: List,
    age_answer_ask_back: List,
    age_same: List,
    age_tell: List,
    coach_open: Pool,
    coach_filler: Pool,
    coach_keys: Pools,
    work_keys: Pools,
    party_open: Pool,
    party_keys: Pools,
    relative_open: Pool,
    relative_filler: Pool,
    relative_keys: Pools,
    relative_age: List,
    relative_age_reply: List,
    sale_open: Pool,
    sale_filler: Pool,
    sale_keys: Pools,
    // grooming.txt: an adult (A) and a young person (B).
    g_open_stranger: Pool,
    g_open_coach: Pool,
    g_open_tutor: Pool,
    g_open_family_friend: Pool,
    g_rapport: Pool,
    g_flattery: Pool,
    g_risk: Pool,
    g_isolation: Pool,
    g_secrecy: Pool,
    g_images: Pool,
    g_gifts: Pool,
    g_platform: Pool,
    g_meeting: Pool,
    g_threats: Pool,
    groomer_age_ask: List,
    child_age_answer: List,
    child_year_answer: List,
    child_age_dodge: List,
    groomer_age_tell: List,
    groomer_age_none: List,
    groomer_claim: List,
    child_age_react: List,
    groomer_reveal: List,
    child_reveal_react: List,
}

/// One parsed table of one file.
#[derive(Debug, PartialEq, Eq)]
enum Table {
    List(List),
    Pairs(Pairs),
    Choices(Choices),
    Blocks(Pool),
    Pools(Pools),
}

impl Table {
    fn kind(&self) -> &'static str {
        match self {
            Table::List(_) => "list",
            Table::Pairs(_) => "pairs",
            Table::Choices(_) => "choices",
            Table::Blocks(_) => "blocks",
            Table::Pools(_) => "pools",
        }
    }

    /// Whether the table, or one of its pools, has no entries (a draw from it would fail).
    fn has_empty(&self) -> bool {
        match self {
            Table::List(v) => v.is_empty(),
            Table::Pairs(v) => v.is_empty(),
            Table::Choices(v) => v.is_empty(),
            Table::Blocks(v) => v.is_empty(),
            Table::Pools(v) => v.is_empty() || v.iter().any(Vec::is_empty),
        }
    }
}

/// A table with its name and where its header is.
#[derive(Debug)]
struct Named {
    name: String,
    file: String,
    line: usize,
    table: Table,
}

/// The tables not yet taken into `Templates`.
struct Tables(Vec<Named>);

/// A table's type in `Templates`.
trait FromTable: Sized {
    const KIND: &'static str;
    fn from_table(table: Table) -> Option<Self>;
}

macro_rules! from_table {
    ($ty:ty, $variant:ident, $kind:literal) => {
        impl FromTable for $ty {
            const KIND: &'static str = $kind;
            fn from_table(table: Table) -> Option<Self> {
                match table {
                    Table::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    };
}
from_table!(List, List, "list");
from_table!(Pairs, Pairs, "pairs");
from_table!(Choices, Choices, "choices");
from_table!(Pool, Blocks, "blocks");
from_table!(Pools, Pools, "pools");

impl Tables {
    fn take<T: FromTable>(&mut self, name: &str) -> Result<T, String> {
        let Some(i) = self.0.iter().position(|t| t.name == name) else {
            return Err(format!(
                "{DIR}: no table {name} (the generator reads `[{} {name}]`)",
                T::KIND
            ));
        };
        let t = self.0.remove(i);
        let kind = t.table.kind();
        T::from_table(t.table).ok_or_else(|| {
            format!(
                "{DIR}/{}:{}: table {name} is `{kind}`; the generator reads it as `{}`",
                t.file,
                t.line,
                T::KIND
            )
        })
    }
}

/// `load`, or a panic that says which file and line is wrong and why (the files ship in
/// the binary, so a malformed one is a build that must not be used).
fn load_or_panic(files: &[(&str, &str)]) -> Templates {
    load(files).unwrap_or_else(|e| panic!("synth templates: {e}"))
}

/// Parses `files` (name, text) into `Templates`: every table once, every table read.
fn load(files: &[(&str, &str)]) -> Result<Templates, String> {
    let mut all: Vec<Named> = Vec::new();
    for (file, text) in files {
        for t in parse(file, text)? {
            if let Some(first) = all.iter().find(|a| a.name == t.name) {
                return Err(format!(
                    "{DIR}/{}:{}: table {} is also at {}:{}",
                    t.file, t.line, t.name, first.file, first.line
                ));
            }
            all.push(t);
        }
    }
    let mut tables = Tables(all);
    let templates = Templates::from_tables(&mut tables)?;
    if let Some(t) = tables.0.first() {
        return Err(format!(
            "{DIR}/{}:{}: table {} is not read by the generator (no field `{}` in Templates)",
            t.file,
            t.line,
            t.name,
            t.name.to_ascii_lowercase()
        ));
    }
    Ok(templates)
}

/// Parses one file into its tables, in order.
fn parse(file: &str, text: &str) -> Result<Vec<Named>, String> {
    let mut tables: Vec<Named> = Vec::new();
    // Whether the next speaker line continues the current block (no blank line since).
    let mut in_block = false;
    for (i, raw) in text.lines().enumerate() {
        let err = |message: String| format!("{DIR}/{file}:{}: {message}", i + 1);
        if raw.ends_with([' ', '\t']) {
            return Err(err("the line ends in a space or tab".to_string()));
        }
        if raw.starts_with('#') {
            continue;
        }
        if raw.is_empty() {
            in_block = false;
            continue;
        }
        if raw.starts_with('[') {
            let (table, name) = header(raw).map_err(err)?;
            if let Some(first) = tables.iter().find(|t| t.name == name) {
                return Err(err(format!(
                    "table {name} again (first at line {})",
                    first.line
                )));
            }
            if let Some(done) = tables.last() {
                check_filled(file, done)?;
            }
            tables.push(Named {
                name: name.to_string(),
                file: file.to_string(),
                line: i + 1,
                table,
            });
            in_block = false;
            continue;
        }
        let Some(current) = tables.last_mut() else {
            return Err(err("text before the first `[kind NAME]` header".to_string()));
        };
        match &mut current.table {
            Table::List(v) => v.push(unescape(entry(raw).map_err(err)?).map_err(err)?),
            Table::Pairs(v) => {
                let e = entry(raw).map_err(err)?;
                let Some((l, r)) = e
                    .split_once(" = ")
                    .filter(|(l, r)| !l.is_empty() && !r.is_empty() && !r.contains(" = "))
                else {
                    return Err(err(format!("expected `- left = right`, found {raw:?}")));
                };
                v.push((unescape(l).map_err(err)?, unescape(r).map_err(err)?));
            }
            Table::Choices(v) => {
                let e = entry(raw).map_err(err)?;
                let Some((word, alts)) = e
                    .split_once(" = ")
                    .filter(|(w, a)| !w.is_empty() && a.split(", ").all(|x| !x.is_empty()))
                else {
                    return Err(err(format!("expected `- word = alt, alt`, found {raw:?}")));
                };
                let alts: Result<Vec<String>, String> = alts.split(", ").map(unescape).collect();
                v.push((unescape(word).map_err(err)?, alts.map_err(err)?));
            }
            Table::Blocks(pool) => {
                if raw == "--" {
                    return Err(err(
                        "`--` starts a pool; this table is `blocks`, not `pools`".to_string(),
                    ));
                }
                block_line(pool, raw, &mut in_block).map_err(err)?;
            }
            Table::Pools(pools) => {
                if raw == "--" {
                    pools.push(Vec::new());
                    in_block = false;
                    continue;
                }
                let Some(pool) = pools.last_mut() else {
                    return Err(err(
                        "a block before the first `--` of a `pools` table".to_string()
                    ));
                };
                block_line(pool, raw, &mut in_block).map_err(err)?;
            }
        }
    }
    if let Some(done) = tables.last() {
        check_filled(file, done)?;
    }
    Ok(tables)
}

/// `[kind NAME]` -> an empty table of that kind, and the name.
fn header(raw: &str) -> Result<(Table, &str), String> {
    let bad = || format!("expected a header `[kind NAME]`, found {raw:?}");
    let (kind, name) = raw
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.split_once(' '))
        .ok_or_else(bad)?;
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "table name {name:?}: capitals, digits and `_` only"
        ));
    }
    let table = match kind {
        "list" => Table::List(Vec::new()),
        "pairs" => Table::Pairs(Vec::new()),
        "choices" => Table::Choices(Vec::new()),
        "blocks" => Table::Blocks(Vec::new()),
        "pools" => Table::Pools(Vec::new()),
        _ => {
            return Err(format!(
                "unknown kind `{kind}` (list, pairs, choices, blocks or pools)"
            ));
        }
    };
    Ok((table, name))
}

fn check_filled(file: &str, t: &Named) -> Result<(), String> {
    if t.table.has_empty() {
        return Err(format!(
            "{DIR}/{file}:{}: table {} (or one of its pools) is empty",
            t.line, t.name
        ));
    }
    Ok(())
}

/// The text after `marker`: nothing (an empty entry) or one space and the text.
fn after<'a>(rest: &'a str, marker: &str) -> Result<&'a str, String> {
    if rest.is_empty() {
        return Ok("");
    }
    rest.strip_prefix(' ')
        .ok_or_else(|| format!("expected a space after `{marker}`"))
}

/// `- text` -> text, still escaped.
fn entry(raw: &str) -> Result<&str, String> {
    let rest = raw
        .strip_prefix('-')
        .ok_or_else(|| format!("expected an entry `- text`, found {raw:?}"))?;
    after(rest, "-")
}

/// Adds one line of a `blocks` or `pools` table to `pool`: a speaker line (`A: text`)
/// starts a line of the current block, or a new block after a blank line; an alternative
/// (` / text`) adds to the line above it.
fn block_line(pool: &mut Pool, raw: &str, in_block: &mut bool) -> Result<(), String> {
    let trimmed = raw.trim_start_matches(' ');
    if trimmed.len() < raw.len()
        && let Some(rest) = trimmed.strip_prefix('/')
    {
        let text = unescape(after(rest, "/")?)?;
        let line = if *in_block {
            pool.last_mut().and_then(|b| b.last_mut())
        } else {
            None
        };
        let Some(line) = line else {
            return Err(
                "an alternative ` / text` with no speaker line (`A: text`) above it".to_string(),
            );
        };
        line.alts.push(text);
        return Ok(());
    }
    let who = match raw.get(..2) {
        Some("A:") => Who::A,
        Some("B:") => Who::B,
        Some("X:") => Who::X,
        Some("M:") => Who::M,
        _ => {
            return Err(format!(
                "expected `A: text` (speaker A, B, X or M), ` / text` (another alternative), \
                 a blank line between blocks or `--` between pools, found {raw:?}"
            ));
        }
    };
    let line = Line {
        who,
        alts: vec![unescape(after(&raw[2..], &raw[..2])?)?],
    };
    match pool.last_mut() {
        Some(block) if *in_block => block.push(line),
        _ => pool.push(vec![line]),
    }
    *in_block = true;
    Ok(())
}

/// Resolves `\n` and `\\`.
fn unescape(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            other => {
                return Err(format!(
                    "unknown escape `\\{}` (only `\\n` and `\\\\`)",
                    other.map(String::from).unwrap_or_default()
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
