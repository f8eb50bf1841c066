//! Building one conversation from blocks of templates (`Builder`): who speaks, filling
//! `{slot}`s, reply times and the gaps between exchanges, stated ages, and `run`, which
//! spreads a conversation type's key steps over filler. The conversation types themselves
//! are in `kinds`.

use super::style::{Style, stylise};
use super::templates::Who::{self, A, B, M, X};
use super::templates::{Block, Line, templates};
use super::{Event, Person};
use crate::rng::Rng;

/// In a template, `{slot}` is filled (see `Builder::slot`), `|` splits into several
/// messages from the same speaker, a new line starts a continuation line, and `<media>`
/// is this media placeholder.
pub(super) const MEDIA: &str = "<Media omitted>";

/// Pace of a conversation: how long the breaks between exchanges are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pace {
    Chatty,
    Normal,
    Slow,
}

/// One step of a scripted conversation.
#[derive(Clone, Copy, Debug)]
pub(super) enum Step {
    /// One block from this pool.
    Pool(&'static [Block]),
    /// Ages stated, as this kind of chat states them.
    Ages(AgeTalk),
    /// A groomer who claimed a teenage age says the real one.
    Reveal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AgeTalk {
    /// Two people of similar age ask each other.
    Mutual,
    /// Two adults; dating-app phrasing.
    Dating,
    /// An adult asks a young person; each states an age if they have one.
    Groomer,
    /// A relative remarks on the child's age.
    Relative,
}

/// Per-conversation choices that stay fixed (the same game, app, pet and so on).
#[derive(Clone, Debug, Default)]
pub(super) struct Vars {
    pub(super) kid: &'static str,
    pub(super) pet: &'static str,
    pub(super) game: &'static str,
    pub(super) app: &'static str,
    pub(super) club: &'static str,
    pub(super) item: &'static str,
    pub(super) subject: &'static str,
    pub(super) gift: &'static str,
    pub(super) meet: &'static str,
    pub(super) show: &'static str,
}

pub(super) struct Builder {
    pub(super) rng: Rng,
    pub(super) people: Vec<Person>,
    pub(super) events: Vec<Event>,
    pub(super) group: Option<(String, usize)>,
    pub(super) vars: Vars,
    t: i64,
    last: Option<usize>,
    pub(super) pace: Pace,
    /// Filler blocks used lately (not repeated right away).
    recent: Vec<&'static [Line]>,
    /// Percent of the B role's lines that are left out (a young person who rarely replies).
    pub(super) silent_b: u64,
}

impl Builder {
    pub(super) fn new(mut rng: Rng) -> Builder {
        let tpl = templates();
        // 2022-01-01 .. 2025-06-30, daytime start.
        let day = 18_993 + rng.below(1_277) as i64;
        let t = day * 86_400 + rng.range(7 * 3600, 21 * 3600) as i64;
        let vars = Vars {
            kid: word(&mut rng, &tpl.names),
            pet: word(&mut rng, &tpl.pets),
            game: word(&mut rng, &tpl.games),
            app: word(&mut rng, &tpl.apps),
            club: "",
            item: word(&mut rng, &tpl.items),
            subject: word(&mut rng, &tpl.subjects),
            gift: word(&mut rng, &tpl.gifts),
            meet: word(&mut rng, &tpl.meet_places),
            show: word(&mut rng, &tpl.shows),
        };
        Builder {
            rng,
            people: Vec::new(),
            events: Vec::new(),
            group: None,
            vars,
            t,
            last: None,
            pace: Pace::Normal,
            silent_b: 0,
            recent: Vec::new(),
        }
    }

    fn messages(&self) -> usize {
        self.events.len()
    }

    /// A first name not yet used in this chat.
    pub(super) fn fresh_name(&mut self) -> String {
        let names = &templates().names;
        loop {
            let n = word(&mut self.rng, names);
            if !self.people.iter().any(|p| p.name == n) && n != self.vars.kid {
                return n.to_string();
            }
        }
    }

    pub(super) fn add(&mut self, name: String, age: Option<u8>, style: Style) -> usize {
        self.people.push(Person {
            name,
            age,
            claim: None,
            style,
        });
        self.people.len() - 1
    }

    pub(super) fn adult_age(&mut self, lo: u64, hi: u64) -> u8 {
        self.rng.range(lo, hi) as u8
    }

    /// Seconds until the next message: quick replies, sometimes a pause.
    fn reply_delay(&mut self, same_speaker: bool) -> i64 {
        if same_speaker {
            return self.rng.range(3, 45) as i64;
        }
        (match self.rng.below(100) {
            0..=54 => self.rng.range(8, 90),
            55..=89 => self.rng.range(90, 420),
            _ => self.rng.range(420, 2400),
        }) as i64
    }

    /// A break between exchanges.
    fn gap(&mut self) {
        let r = self.rng.below(100);
        let (minutes, hours) = match self.pace {
            Pace::Chatty => (70, 92),
            Pace::Normal => (50, 80),
            Pace::Slow => (25, 55),
        };
        self.t += if r < minutes {
            self.rng.range(60, 1800)
        } else if r < hours {
            self.rng.range(3600, 9 * 3600)
        } else {
            self.rng.range(20 * 3600, 4 * 86_400)
        } as i64;
        // People mostly sleep between one and seven.
        let hour = self.t.rem_euclid(86_400) / 3600;
        if (1..7).contains(&hour) {
            self.t += (7 - hour) * 3600 + self.rng.below(3 * 3600) as i64;
        }
    }

    fn speaker(&mut self, who: Who) -> usize {
        let n = self.people.len();
        match who {
            A => 0,
            B => 1,
            M if n > 2 => loop {
                let i = self.rng.range(1, n as u64 - 1) as usize;
                if Some(i) != self.last {
                    return i;
                }
            },
            X | M => {
                if n == 2 {
                    return match self.last {
                        Some(l) => 1 - l,
                        None => self.rng.below(2) as usize,
                    };
                }
                loop {
                    let i = self.rng.below(n as u64) as usize;
                    if Some(i) != self.last {
                        return i;
                    }
                }
            }
        }
    }

    fn block(&mut self, block: &'static [Line]) {
        let width = block.iter().map(|l| l.alts.len()).max().unwrap_or(1);
        let variant = self.rng.below(width as u64) as usize;
        for Line { who, alts } in block {
            let speaker = self.speaker(*who);
            if *who == B && self.silent_b > 0 && self.rng.percent(self.silent_b) {
                continue;
            }
            let template = if alts.len() == width {
                &alts[variant]
            } else {
                self.rng.pick(alts)
            };
            if template.is_empty() {
                continue;
            }
            self.say(speaker, template);
        }
        // Now and then someone deletes a message.
        if self.rng.percent(1) {
            let who = self.speaker(X);
            self.push(who, String::new(), true);
        }
    }

    fn push(&mut self, speaker: usize, text: String, deleted: bool) {
        self.t += self.reply_delay(self.last == Some(speaker));
        self.events.push(Event {
            time: self.t,
            author: speaker,
            text,
            deleted,
        });
        self.last = Some(speaker);
    }

    fn say(&mut self, speaker: usize, template: &str) {
        let n = self.people.len();
        let addressee = if n == 2 {
            1 - speaker
        } else if speaker != 0 && self.rng.percent(50) {
            0
        } else {
            loop {
                let i = self.rng.below(n as u64) as usize;
                if i != speaker {
                    break i;
                }
            }
        };
        let filled = self.fill(template, speaker, addressee);
        let style = self.people[speaker].style;
        for part in filled.split('|') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let text = if part == "<media>" {
                MEDIA.to_string()
            } else {
                stylise(&mut self.rng, part, style)
            };
            self.push(speaker, text, false);
        }
    }

    fn fill(&mut self, template: &str, speaker: usize, addressee: usize) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match self.slot(name, speaker, addressee) {
                Some(v) => out.push_str(&v),
                None => {
                    debug_assert!(false, "unknown slot {{{name}}} in {template:?}");
                    out.push_str(name);
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The value of `{name}` for a message from `speaker` to `addressee`.
    fn slot(&mut self, name: &str, speaker: usize, addressee: usize) -> Option<String> {
        let tpl = templates();
        let age = |p: &Person| p.age.map_or_else(|| "18".to_string(), |a| a.to_string());
        let v: &str = match name {
            "me" => return Some(first_word(&self.people[speaker].name).to_string()),
            "you" => return Some(first_word(&self.people[addressee].name).to_string()),
            "a" | "b" | "c" => {
                let i = match name {
                    "a" => 0,
                    "b" => 1,
                    _ => 2,
                };
                let p = i.min(self.people.len() - 1);
                return Some(first_word(&self.people[p].name).to_string());
            }
            "myage" => return Some(age(&self.people[speaker])),
            "yourage" => return Some(age(&self.people[addressee])),
            "claim" => {
                return Some(self.people[speaker].claim.unwrap_or(16).to_string());
            }
            "year" => {
                let a = self.people[speaker].age.unwrap_or(13);
                return Some(a.saturating_sub(4).clamp(6, 11).to_string());
            }
            "name" | "name2" => {
                return Some(self.fresh_name());
            }
            "kid" => self.vars.kid,
            "pet" => self.vars.pet,
            "game" => self.vars.game,
            "app" => self.vars.app,
            "club" => self.vars.club,
            "item" => self.vars.item,
            "subject" => self.vars.subject,
            "gift" => self.vars.gift,
            "meet" => self.vars.meet,
            "show" => self.vars.show,
            "place" => word(&mut self.rng, &tpl.places),
            "day" | "day2" => word(&mut self.rng, &tpl.days),
            "clock" | "clock2" => word(&mut self.rng, &tpl.clocks),
            "food" => word(&mut self.rng, &tpl.foods),
            "money" => word(&mut self.rng, &tpl.money),
            "work" => word(&mut self.rng, &tpl.work_things),
            "activity" => word(&mut self.rng, &tpl.activities),
            "thing" => word(&mut self.rng, &tpl.things),
            "chore" => word(&mut self.rng, &tpl.chores),
            "emo" => word(&mut self.rng, &tpl.emo),
            "ok" => word(&mut self.rng, &tpl.short_replies),
            "lol" => word(&mut self.rng, &tpl.laughs),
            "teacher" => word(&mut self.rng, &tpl.teachers),
            "song" => word(&mut self.rng, &tpl.songs),
            _ => return None,
        };
        Some(v.to_string())
    }

    fn ages(&mut self, talk: AgeTalk) {
        let tpl = templates();
        let (a, b) = (0, 1);
        match talk {
            AgeTalk::Mutual => {
                let t = word(&mut self.rng, &tpl.age_ask);
                self.say(a, t);
                let t = word(&mut self.rng, &tpl.age_answer_ask_back);
                self.say(b, t);
                let same = self.people[a].age == self.people[b].age;
                let pool = if same { &tpl.age_same } else { &tpl.age_tell };
                let t = word(&mut self.rng, pool);
                self.say(a, t);
            }
            AgeTalk::Dating => {
                let t = word(&mut self.rng, &tpl.dating_ages_a);
                self.say(a, t);
                let t = word(&mut self.rng, &tpl.dating_ages_b);
                self.say(b, t);
            }
            AgeTalk::Relative => {
                let t = word(&mut self.rng, &tpl.relative_age);
                self.say(a, t);
                let t = word(&mut self.rng, &tpl.relative_age_reply);
                self.say(b, t);
            }
            AgeTalk::Groomer => {
                let ask = word(&mut self.rng, &tpl.groomer_age_ask);
                self.say(a, ask);
                let child = if self.people[b].age.is_some() && ask.contains("year") {
                    word(&mut self.rng, &tpl.child_year_answer)
                } else if self.people[b].age.is_some() {
                    word(&mut self.rng, &tpl.child_age_answer)
                } else {
                    word(&mut self.rng, &tpl.child_age_dodge)
                };
                self.say(b, child);
                let groomer = if self.people[a].claim.is_some() {
                    word(&mut self.rng, &tpl.groomer_claim)
                } else if self.people[a].age.is_some() {
                    word(&mut self.rng, &tpl.groomer_age_tell)
                } else {
                    word(&mut self.rng, &tpl.groomer_age_none)
                };
                self.say(a, groomer);
                let reply = word(&mut self.rng, &tpl.child_age_react);
                if !reply.is_empty() {
                    self.say(b, reply);
                }
            }
        }
    }

    fn step(&mut self, step: Step) {
        let tpl = templates();
        match step {
            Step::Pool(pool) => {
                let block = self.fresh_block(pool);
                self.block(block);
            }
            Step::Ages(talk) => self.ages(talk),
            Step::Reveal => {
                let (a, b) = (0, 1);
                let t = word(&mut self.rng, &tpl.groomer_reveal);
                self.say(a, t);
                let t = word(&mut self.rng, &tpl.child_reveal_react);
                self.say(b, t);
            }
        }
    }

    /// A block from `pool` that was not among the last few used (chats repeat themselves,
    /// but not every few lines).
    fn fresh_block(&mut self, pool: &'static [Block]) -> &'static [Line] {
        let keep = (pool.len() / 2).min(6);
        let mut block = self.rng.pick(pool).as_slice();
        for _ in 0..8 {
            if !self.recent.iter().any(|b| std::ptr::eq(*b, block)) {
                break;
            }
            block = self.rng.pick(pool).as_slice();
        }
        self.recent.push(block);
        if self.recent.len() > keep {
            self.recent.remove(0);
        }
        block
    }

    /// Opening, then the key steps spread over `target` messages with filler between
    /// them, then maybe a closing. Key steps all happen even when that overshoots.
    pub(super) fn run(
        &mut self,
        opening: &'static [Block],
        steps: &[Step],
        filler: &'static [Block],
        target: usize,
    ) {
        let block = self.rng.pick(opening);
        self.block(block);
        let begin = self.messages();
        let k = steps.len();
        let span = target.saturating_sub(begin).max(1);
        let mut positions: Vec<usize> = (0..k)
            .map(|i| {
                let base = begin + span * (i + 1) / (k + 1);
                let jitter = self.rng.below((span / (k + 1)).max(1) as u64) as usize;
                base + jitter / 2
            })
            .collect();
        positions.sort_unstable();
        let mut next = 0;
        loop {
            self.gap();
            if next < k && (self.messages() >= positions[next] || self.messages() >= target) {
                self.step(steps[next]);
                next += 1;
            } else if self.messages() < target {
                let block = self.fresh_block(filler);
                self.block(block);
            } else {
                break;
            }
        }
    }
}

/// One entry of a list table (the same draw as `Rng::word`).
pub(super) fn word(rng: &mut Rng, list: &'static [String]) -> &'static str {
    rng.pick(list).as_str()
}

/// How a person is addressed: the first name ("Coach Mark" -> "Mark", "Mum" -> "Mum").
fn first_word(name: &str) -> &str {
    let mut words = name.split(' ');
    let first = words.next().unwrap_or(name);
    match first {
        "Coach" | "Auntie" | "Uncle" | "Miss" => words.next().unwrap_or(first),
        _ => first,
    }
}

/// A conversation length in messages: mostly short, a long tail up to several hundred.
pub(super) fn length(rng: &mut Rng) -> usize {
    (match rng.below(100) {
        0..=29 => rng.range(5, 15),
        30..=64 => rng.range(16, 40),
        65..=86 => rng.range(41, 100),
        87..=96 => rng.range(101, 300),
        _ => rng.range(301, 800),
    }) as usize
}
