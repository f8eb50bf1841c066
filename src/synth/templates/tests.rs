//! Tests of the template format and the shipped files: every kind parses, every malformed
//! line is refused with its file and line, the set of files is checked as a whole, and
//! each shipped table equals what it was as Rust code (`BEFORE`).

use super::*;

fn list(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn line(who: Who, alts: &[&str]) -> Line {
    Line {
        who,
        alts: list(alts),
    }
}

/// The tables of one file, by name.
fn parsed(text: &str) -> Vec<(String, Table)> {
    parse("t.txt", text)
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.table))
        .collect()
}

#[test]
fn every_kind_parses() {
    let cases: Vec<(&str, Table)> = vec![
        (
            "[list L]\n- a\n-\n-  b\n- c d\n",
            Table::List(list(&["a", "", " b", "c d"])),
        ),
        (
            "[list L]\n- one\\ntwo\n- back\\\\slash\n",
            Table::List(list(&["one\ntwo", "back\\slash"])),
        ),
        (
            "[pairs P]\n- Book club 📚 = book club\n- U12 = football\n",
            Table::Pairs(vec![
                ("Book club 📚".to_string(), "book club".to_string()),
                ("U12".to_string(), "football".to_string()),
            ]),
        ),
        (
            "[choices C]\n- you = u, u, ya\n- are = r\n",
            Table::Choices(vec![
                ("you".to_string(), list(&["u", "u", "ya"])),
                ("are".to_string(), list(&["r"])),
            ]),
        ),
        (
            "[blocks B]\nA: hi\n / hey\n   /\nB: yo\n\n\n# comment\nX: gg\nM:\n",
            Table::Blocks(vec![
                vec![line(Who::A, &["hi", "hey", ""]), line(Who::B, &["yo"])],
                vec![line(Who::X, &["gg"]), line(Who::M, &[""])],
            ]),
        ),
        (
            "[pools K]\n--\nA: a\n\nB: b\n--\nA: c\n / d\n",
            Table::Pools(vec![
                vec![vec![line(Who::A, &["a"])], vec![line(Who::B, &["b"])]],
                vec![vec![line(Who::A, &["c", "d"])]],
            ]),
        ),
    ];
    for (text, want) in cases {
        let got = parsed(text);
        assert_eq!(got.len(), 1, "{text:?}");
        assert_eq!(got[0].1, want, "{text:?}");
    }
    // Comments, blank lines and several tables in one file; CRLF line ends.
    let got = parsed("# head\r\n\r\n[list A]\r\n- x\r\n\r\n[list B]\r\n# c\r\n- y\r\n");
    assert_eq!(
        got,
        vec![
            ("A".to_string(), Table::List(list(&["x"]))),
            ("B".to_string(), Table::List(list(&["y"]))),
        ]
    );
}

#[test]
fn malformed_lines_name_file_and_line() {
    for (text, want) in [
        ("- a\n", "1: text before the first `[kind NAME]` header"),
        ("[list L]\n- a \n", "2: the line ends in a space or tab"),
        ("[list L]\n- a\t\n", "2: the line ends in a space or tab"),
        ("[list L]\n-a\n", "2: expected a space after `-`"),
        (
            "[list L]\na\n",
            "2: expected an entry `- text`, found \"a\"",
        ),
        (
            "[list L]\n- a\\t\n",
            "2: unknown escape `\\t` (only `\\n` and `\\\\`)",
        ),
        (
            "[list L]\n- a\\\n",
            "2: unknown escape `\\` (only `\\n` and `\\\\`)",
        ),
        ("[list L]\n", "1: table L (or one of its pools) is empty"),
        (
            "[list L]\n[list M]\n- a\n",
            "1: table L (or one of its pools) is empty",
        ),
        (
            "[list L]\n- a\n[list L]\n- b\n",
            "3: table L again (first at line 1)",
        ),
        (
            "[lists L]\n- a\n",
            "1: unknown kind `lists` (list, pairs, choices, blocks or pools)",
        ),
        (
            "[list l]\n- a\n",
            "1: table name \"l\": capitals, digits and `_` only",
        ),
        (
            "[list L\n- a\n",
            "1: expected a header `[kind NAME]`, found \"[list L\"",
        ),
        (
            "[listL]\n- a\n",
            "1: expected a header `[kind NAME]`, found \"[listL]\"",
        ),
        (
            "[pairs P]\n- a\n",
            "2: expected `- left = right`, found \"- a\"",
        ),
        (
            "[pairs P]\n- a = b = c\n",
            "2: expected `- left = right`, found \"- a = b = c\"",
        ),
        ("[pairs P]\n- a = \n", "2: the line ends in a space or tab"),
        (
            "[choices C]\n- a = b, \n",
            "2: the line ends in a space or tab",
        ),
        (
            "[choices C]\n- a = b, , c\n",
            "2: expected `- word = alt, alt`, found \"- a = b, , c\"",
        ),
        (
            "[blocks B]\n / hi\n",
            "2: an alternative ` / text` with no speaker line (`A: text`) above it",
        ),
        (
            "[blocks B]\nA: hi\n\n / hi\n",
            "4: an alternative ` / text` with no speaker line (`A: text`) above it",
        ),
        ("[blocks B]\nA:hi\n", "2: expected a space after `A:`"),
        ("[blocks B]\nA: hi\n /hi\n", "3: expected a space after `/`"),
        (
            "[blocks B]\nC: hi\n",
            "2: expected `A: text` (speaker A, B, X or M), ` / text` (another \
                 alternative), a blank line between blocks or `--` between pools, found \"C: hi\"",
        ),
        (
            "[blocks B]\nA: hi\n--\nB: yo\n",
            "3: `--` starts a pool; this table is `blocks`, not `pools`",
        ),
        (
            "[pools K]\nA: hi\n",
            "2: a block before the first `--` of a `pools` table",
        ),
        (
            "[pools K]\n--\nA: a\n--\n",
            "1: table K (or one of its pools) is empty",
        ),
    ] {
        let want = format!("src/synth/templates/t.txt:{want}");
        assert_eq!(parse("t.txt", text).unwrap_err(), want, "{text:?}");
    }
}

/// Every shipped file parses and every table is read: what the first use of
/// `templates()` does.
#[test]
fn shipped_files_load() {
    load(FILES).unwrap();
    assert!(!templates().names.is_empty());
}

#[test]
fn whole_set_is_checked() {
    let p = "src/synth/templates";
    let with = |extra: &'static str| {
        let mut files = FILES.to_vec();
        files.push(("extra.txt", extra));
        load(&files).err().unwrap()
    };
    let names = FILES[0]
        .1
        .lines()
        .position(|l| l == "[list NAMES]")
        .unwrap()
        + 1;
    assert_eq!(
        with("[list NAMES]\n- Zed\n"),
        format!("{p}/extra.txt:1: table NAMES is also at words.txt:{names}")
    );
    assert_eq!(
        with("\n[list SPARE]\n- a\n"),
        format!(
            "{p}/extra.txt:2: table SPARE is not read by the generator (no field `spare` in \
             Templates)"
        )
    );
    let renamed = FILES[0]
        .1
        .replace("[pairs GROUPS_WORK]", "[list GROUPS_WORK]");
    let mut files = FILES.to_vec();
    files[0].1 = &renamed;
    let line = FILES[0]
        .1
        .lines()
        .position(|l| l == "[pairs GROUPS_WORK]")
        .unwrap()
        + 1;
    assert_eq!(
        load(&files).err().unwrap(),
        format!(
            "{p}/words.txt:{line}: table GROUPS_WORK is `list`; the generator reads it as `pairs`"
        )
    );
    let missing = FILES[0].1.replace("[list HANDLES]", "[list HANDLEZ]");
    files[0].1 = &missing;
    assert_eq!(
        load(&files).err().unwrap(),
        format!("{p}: no table HANDLES (the generator reads `[list HANDLES]`)")
    );
}

#[test]
#[should_panic(
    expected = "synth templates: src/synth/templates/bad.txt:3: expected a space after `B:`"
)]
fn a_malformed_file_panics_at_first_use() {
    load_or_panic(&[("bad.txt", "[blocks B]\nA: hi\nB:yo\n")]);
}

/// FNV-1a over a table's strings and structure, as computed on the Rust tables
/// before they became files.
struct Fingerprint {
    hash: u64,
    leaves: usize,
    first: Option<String>,
    last: String,
}

impl Fingerprint {
    fn raw(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.hash ^= u64::from(*b);
            self.hash = self.hash.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn leaf(&mut self, s: &str) {
        self.raw(s.as_bytes());
        self.raw(&[0xff]);
        self.leaves += 1;
        self.first.get_or_insert_with(|| s.to_string());
        self.last = s.to_string();
    }

    fn block(&mut self, block: &[Line]) {
        self.raw(&[0xfe]);
        for l in block {
            let who = match l.who {
                Who::A => b'A',
                Who::B => b'B',
                Who::X => b'X',
                Who::M => b'M',
            };
            self.raw(&[0xfd, who]);
            for a in &l.alts {
                self.leaf(a);
            }
        }
    }

    /// (entries, strings, first string, last string, hash).
    fn of(table: &Table) -> (usize, usize, String, String, u64) {
        let mut f = Fingerprint {
            hash: 0xcbf2_9ce4_8422_2325,
            leaves: 0,
            first: None,
            last: String::new(),
        };
        let items = match table {
            Table::List(v) => {
                v.iter().for_each(|s| f.leaf(s));
                v.len()
            }
            Table::Pairs(v) => {
                for (a, b) in v {
                    f.leaf(a);
                    f.leaf(b);
                }
                v.len()
            }
            Table::Choices(v) => {
                for (word, alts) in v {
                    f.leaf(word);
                    alts.iter().for_each(|s| f.leaf(s));
                    f.raw(&[0xfb]);
                }
                v.len()
            }
            Table::Blocks(pool) => {
                pool.iter().for_each(|b| f.block(b));
                pool.len()
            }
            Table::Pools(pools) => {
                for pool in pools {
                    f.raw(&[0xfc]);
                    pool.iter().for_each(|b| f.block(b));
                }
                pools.len()
            }
        };
        (items, f.leaves, f.first.unwrap_or_default(), f.last, f.hash)
    }
}

/// Each table as it was in `src/synth.rs` before the move (commit 1671f35): entries
/// (list entries, pairs, words, blocks or pools), strings, first and last string and
/// the fingerprint, in file order.
const BEFORE: &[(&str, usize, usize, &str, &str, u64)] = &[
    ("NAMES", 137, 137, "Abby", "Zoe", 0x65b1ea043c527341),
    ("HANDLES", 24, 24, "Vortex", "Ziggy", 0x1a8402cdfcc59c6c),
    ("INITIALS", 11, 11, "B", "W", 0xf0f5f07cb8ee8371),
    (
        "PLACES",
        18,
        18,
        "the station",
        "the swimming pool",
        0xd414e32d5f0c7797,
    ),
    (
        "MEET_PLACES",
        7,
        7,
        "the station",
        "the end of your road",
        0x08165aea24107a50,
    ),
    ("DAYS", 11, 11, "monday", "next week", 0xe3209a4b8596538c),
    ("CLOCKS", 14, 14, "7", "quarter to 8", 0xb8658bb9f22bba4d),
    ("FOODS", 12, 12, "pizza", "lasagne", 0x362168e05bbc6332),
    (
        "SHOWS",
        8,
        8,
        "that baking show",
        "that documentary about octopuses",
        0x51f872470760935c,
    ),
    (
        "GAMES",
        7,
        7,
        "the block game",
        "the island game",
        0xf00ec19af162e0ec,
    ),
    (
        "APPS",
        4,
        4,
        "the other app",
        "that chat app",
        0xd64c1d0d100789c3,
    ),
    ("GIFTS", 8, 8, "a gift card", "a top up", 0xfc7566b4c0926f79),
    ("MONEY", 8, 8, "£5", "a fiver", 0x4d5c7f43dbd0aa17),
    ("SUBJECTS", 8, 8, "maths", "music", 0x1f194a67c9f32c88),
    (
        "TEACHERS",
        5,
        5,
        "sir",
        "the supply teacher",
        0xa5dd7d68f3360ef5,
    ),
    ("PETS", 6, 6, "the dog", "biscuit", 0xd0773a07cb16d1bf),
    (
        "ITEMS",
        10,
        10,
        "the bike",
        "the lawnmower",
        0x3a3fe1746620ba2c,
    ),
    (
        "WORK_THINGS",
        8,
        8,
        "the report",
        "the newsletter",
        0x049cb54c7ba116f8,
    ),
    ("ACTIVITIES", 9, 9, "a walk", "bowling", 0xd77e126a4f242c2e),
    ("THINGS", 8, 8, "PE kit", "bus pass", 0x360c2a52fe10a8a7),
    ("CHORES", 5, 5, "the bins", "your room", 0x9c3f56a9b81d83ce),
    ("EMO", 14, 14, "", " 🙏", 0x02f8152eddc06bcc),
    ("SHORT_REPLIES", 8, 8, "ok", "alright", 0xd99aaea4e8b5ecd7),
    ("LAUGHS", 6, 6, "lol", "😂😂", 0x6d6643cfc076888f),
    (
        "SONGS",
        4,
        4,
        "the one from the advert",
        "the sad one",
        0xfb55f2f818b80cdb,
    ),
    (
        "GROUPS_HOBBY",
        12,
        24,
        "Book club 📚",
        "the planning meeting",
        0xce7c679aa4799160,
    ),
    (
        "GROUPS_FAMILY",
        4,
        8,
        "Family 🏡",
        "the party",
        0x100a1da930480aa9,
    ),
    (
        "GROUPS_WORK",
        4,
        8,
        "Site team 🦺",
        "the shift briefing",
        0x20e1268ab91a0db8,
    ),
    (
        "GROUPS_COACH",
        6,
        12,
        "U12 football ⚽ parents",
        "cricket",
        0x41dc76fcd189e619,
    ),
    ("ABBREVIATIONS", 47, 138, "you", "mum", 0x5ed4dd017b4efecd),
    ("STRETCHY", 16, 16, "please", "pls", 0x1be7d7cc6df8bbde),
    (
        "FRIENDS_OPEN",
        2,
        16,
        "hey you",
        "yes thanks, taxi was quick",
        0xa8e7b7adbcf37bac,
    ),
    (
        "FRIENDS_FILLER",
        23,
        156,
        "how was {day}?",
        "put your phone down {lol}",
        0x16daab9d502f2cb5,
    ),
    (
        "TEEN_OPEN",
        2,
        12,
        "heyy",
        "{lol} yeah i saw u",
        0xc534f0d156af824a,
    ),
    (
        "TEEN_FILLER",
        19,
        107,
        "did u do the {subject} homework",
        "watch it",
        0x87cc8cf05db5ceb6,
    ),
    (
        "FAMILY_OPEN",
        2,
        10,
        "morning love, have a good day{emo}",
        "what time?",
        0x386042ff2f5a5026,
    ),
    (
        "FAMILY_FILLER",
        18,
        97,
        "what time will you be home?",
        "ok",
        0xd96093de97021646,
    ),
    (
        "WORK_OPEN",
        1,
        6,
        "morning, are you in today?",
        "morning",
        0xf8feb38a50007cf1,
    ),
    (
        "WORK_FILLER",
        13,
        64,
        "are you in today?",
        "works for me, try restarting",
        0x66731ada2c5f7460,
    ),
    (
        "GROUP_OPEN",
        1,
        8,
        "Hi all, made a group for {club} 😊",
        "👋",
        0xce132bfb554d1bdf,
    ),
    (
        "GROUP_FILLER",
        16,
        86,
        "reminder: {club} {day} at {clock}, {place}",
        "me!",
        0x45b076233ffa1c98,
    ),
    (
        "FAMILY_GROUP_OPEN",
        1,
        5,
        "Made a group so we can sort {club}",
        "finally",
        0x3cf20b1b8030cea5,
    ),
    (
        "FAMILY_GROUP_FILLER",
        7,
        33,
        "Sunday lunch at ours?",
        "it's in our garage",
        0xa8bf77cc921d2397,
    ),
    (
        "NEIGHBOUR_OPEN",
        1,
        4,
        "Hi, it's {me} from next door 😊",
        "Oh hi",
        0x74e29a8e4b683a64,
    ),
    (
        "NEIGHBOUR_FILLER",
        5,
        20,
        "your parcel came to ours, I'll drop it over",
        "yes, knock anytime",
        0x607e23988eca46c9,
    ),
    (
        "PICKUP_KEYS",
        4,
        56,
        "what time does practice finish?",
        "ty",
        0x35bcb19dcba33245,
    ),
    (
        "TEEN_PHOTO_KEYS",
        5,
        51,
        "send me a pic of the dress",
        "give me 5 mins",
        0xb8c0b9d93cf51634,
    ),
    (
        "DATING_OPEN",
        1,
        4,
        "Hey, {me} from the app 👋 thought it'd be easier to chat here",
        "hey! good idea",
        0xb27f635c0430c451,
    ),
    (
        "DATING_FILLER",
        7,
        36,
        "so what do you do when you're not swiping?",
        "fine! glad it's over",
        0x54494a64e82e58e9,
    ),
    (
        "DATING_KEYS",
        6,
        50,
        "can you send me a pic of that dog from your profile? he looked hilarious",
        "fine, deleted",
        0x5c1c636dd3ae33b4,
    ),
    (
        "DATING_AGES_A",
        3,
        3,
        "random q but your profile said {yourage}, I'm {myage} in case you wondered",
        "I'm {myage} by the way, you?",
        0xb25ff07d57f1d71b,
    ),
    (
        "DATING_AGES_B",
        3,
        3,
        "{myage}, so we're fine 😂",
        "{myage}! age is just a number anyway lol",
        0xb55800ccd1ae1c95,
    ),
    (
        "GAMER_OPEN",
        1,
        6,
        "gg that last round",
        "lucky",
        0xc626eb8a430b7733,
    ),
    (
        "GAMER_FILLER",
        7,
        31,
        "new patch ruined my main",
        "took us 6 tries {lol}",
        0x5986b44ab031629d,
    ),
    (
        "GAMER_KEYS",
        4,
        21,
        "add me on discord, easier for voice",
        "ty",
        0x938398f868323cfd,
    ),
    (
        "AGE_ASK",
        4,
        4,
        "how old r u btw",
        "how old are u again",
        0xc61169f68776b4f6,
    ),
    (
        "AGE_ANSWER_ASK_BACK",
        4,
        4,
        "{myage}, u?",
        "{myage}. you?",
        0x67238a9b4d89c0ea,
    ),
    (
        "AGE_SAME",
        3,
        3,
        "same!!",
        "ha same age",
        0xece8278a3ebb8f3b,
    ),
    (
        "AGE_TELL",
        4,
        4,
        "{myage}",
        "{myage} in a few weeks",
        0xd7abf47aec2f8e7b,
    ),
    (
        "COACH_OPEN",
        1,
        6,
        "Evening all. Summer training:\nTuesdays {clock}\nSaturdays {clock2}\nWater and shin pads please",
        "",
        0xead7e60987659f17,
    ),
    (
        "COACH_FILLER",
        8,
        35,
        "reminder: training {day} at {clock}",
        "👍",
        0x6db99e535076f8ba,
    ),
    (
        "COACH_KEYS",
        5,
        25,
        "parents, please send me a photo of the signed consent form by {day}",
        "👍",
        0x212bd13bf0f1c161,
    ),
    (
        "WORK_KEYS",
        5,
        22,
        "send me a pic of the receipt for the taxi so I can claim it",
        "5 mins",
        0x76a65240aa889ff9,
    ),
    (
        "PARTY_OPEN",
        1,
        6,
        "ok so about mum's birthday...",
        "what",
        0x3f9aa7d492f72ca3,
    ),
    (
        "PARTY_KEYS",
        7,
        29,
        "DON'T tell mum about the party!!",
        "done",
        0x6347e804ff8940aa,
    ),
    (
        "RELATIVE_OPEN",
        1,
        4,
        "Hello darling, it's {me} 😊",
        "hi!",
        0x4377b42be2623e6c,
    ),
    (
        "RELATIVE_FILLER",
        5,
        23,
        "how's school?",
        "yes {lol}",
        0xa9fa33078c984400,
    ),
    (
        "RELATIVE_KEYS",
        4,
        19,
        "send nan a photo of your certificate!",
        "thanks",
        0xeb6dcc42d2bbed79,
    ),
    (
        "RELATIVE_AGE",
        2,
        2,
        "can't believe you're {yourage} already!",
        "{yourage} next week! what do you want for your birthday?",
        0xf52cdc8656a4e128,
    ),
    (
        "RELATIVE_AGE_REPLY",
        3,
        3,
        "i know {lol}",
        "idk, a game?",
        0x3f9283118f0a88f0,
    ),
    (
        "SALE_OPEN",
        1,
        4,
        "Hi, is {item} still for sale?",
        "Hi, yes still available",
        0x79c5428721cd2190,
    ),
    (
        "SALE_FILLER",
        2,
        8,
        "what condition is it in?",
        "sorry, price is firm",
        0x5de09d1ad3256f56,
    ),
    (
        "SALE_KEYS",
        3,
        15,
        "could you send me a pic of it?",
        "no problem",
        0x530b8e4f35180584,
    ),
    (
        "G_OPEN_STRANGER",
        2,
        16,
        "hey its {me} from {game} 😊",
        "oh ok hi",
        0x1012df4148fb84e5,
    ),
    (
        "G_OPEN_COACH",
        1,
        6,
        "good session tonight {you}, you ok? you seemed quiet",
        "you're the best on the team, don't tell the others i said that",
        0xc1302fce4afd80e8,
    ),
    (
        "G_OPEN_TUTOR",
        1,
        6,
        "well done today, your {subject} is really coming on",
        "you can message me here, easier than through your mum",
        0xc86ec03f1354fb6e,
    ),
    (
        "G_OPEN_FAMILY_FRIEND",
        1,
        6,
        "hiya {you}, your mum said you've got a new phone, saved my number?",
        "message me if you ever need anything",
        0x34c9db52311dabd7,
    ),
    (
        "G_RAPPORT",
        15,
        92,
        "what u up to",
        "ok i guess",
        0xe1f3911ee93a7270,
    ),
    (
        "G_FLATTERY",
        4,
        20,
        "ur so mature for ur age",
        "idk",
        0x1287ce83bb20c650,
    ),
    (
        "G_RISK",
        4,
        27,
        "r ur parents home?",
        "message me after",
        0xc1d3a1079ea63c62,
    ),
    (
        "G_ISOLATION",
        4,
        16,
        "ur parents dont get u like i do",
        "i listen. always",
        0x9588e89837baea4a,
    ),
    (
        "G_SECRECY",
        4,
        22,
        "dont tell ur mum about me ok",
        "{lol} ok",
        0x02cc174fc08f9b56,
    ),
    (
        "G_IMAGES",
        3,
        30,
        "send me a pic of u",
        "dont be like that",
        0xe366897465766eb5,
    ),
    (
        "G_GIFTS",
        3,
        17,
        "i can top up ur phone if u want",
        "thanks!!",
        0xf356a34ff42dca26,
    ),
    (
        "G_PLATFORM",
        1,
        9,
        "add me on {app} its safer",
        "ill send u my name",
        0x14edcfc37ed660a7,
    ),
    (
        "G_MEETING",
        4,
        26,
        "when can we meet",
        "just us",
        0x1bfa0e589bc317da,
    ),
    (
        "G_THREATS",
        4,
        18,
        "why are u ignoring me",
        "sorry",
        0x8d46315292e788dd,
    ),
    (
        "GROOMER_AGE_ASK",
        5,
        5,
        "how old r u?",
        "asl?",
        0x4f1992cbd4ac6d01,
    ),
    (
        "CHILD_AGE_ANSWER",
        5,
        5,
        "{myage}",
        "{myage} lol",
        0xde2d6472fe97b69b,
    ),
    (
        "CHILD_YEAR_ANSWER",
        3,
        3,
        "year {year}",
        "im in year {year}",
        0x50f910c868df307e,
    ),
    (
        "CHILD_AGE_DODGE",
        3,
        3,
        "why",
        "idk why does it matter",
        0xe5d16ffdfac60b85,
    ),
    (
        "GROOMER_AGE_TELL",
        5,
        5,
        "im {myage} but age is just a number",
        "im {myage} but we get on so well it doesnt matter",
        0xe393b45cde29cd55,
    ),
    (
        "GROOMER_AGE_NONE",
        3,
        3,
        "cool",
        "ok 😊",
        0xe21d489f8cf2d351,
    ),
    (
        "GROOMER_CLAIM",
        3,
        3,
        "im {claim} {lol}",
        "{claim}, not much older than u",
        0x022546110aa8c616,
    ),
    ("CHILD_AGE_REACT", 5, 5, "", "oh ok", 0xbd847a37c2d5650e),
    (
        "GROOMER_REVEAL",
        2,
        2,
        "ok dont be mad but im actually {myage}. age is just a number right?",
        "gotta tell u something. im not {claim}, im {myage}. doesnt change anything does it",
        0xc26fec8ee0d79e24,
    ),
    (
        "CHILD_REVEAL_REACT",
        4,
        4,
        "oh",
        "thats old {lol}",
        0xfd9447204dbd9c79,
    ),
];

#[test]
fn tables_are_what_the_rust_tables_were() {
    let tables: Vec<Named> = FILES
        .iter()
        .flat_map(|(file, text)| parse(file, text).unwrap())
        .collect();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let want: Vec<&str> = BEFORE.iter().map(|r| r.0).collect();
    assert_eq!(names, want);
    for (t, (name, items, leaves, first, last, hash)) in tables.iter().zip(BEFORE) {
        let got = Fingerprint::of(&t.table);
        assert_eq!(
            got,
            (*items, *leaves, first.to_string(), last.to_string(), *hash),
            "{name}"
        );
    }
}
