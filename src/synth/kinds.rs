//! The conversation types (`Kind`) and their mix (`KINDS`, `KIND_WEIGHTS`): for each, who
//! takes part and how they type, and which tables its opening, key steps and filler come
//! from; the grooming variants.

use super::builder::{AgeTalk, Builder, Pace, Step, length};
use super::style::Style;
use super::templates::{Block, Pool, templates};
use crate::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Friends,
    TeenFriends,
    Family,
    Work,
    HobbyGroup,
    FamilyGroup,
    Neighbours,
    ParentPickup,
    TeenPhotos,
    AdultDating,
    AdultGamers,
    CoachGroup,
    WorkReceipt,
    SurpriseParty,
    RelativeGift,
    SecondHand,
    Grooming,
}

/// The mix, per mille: about 61% ordinary chat, 35% hard negatives, 4% grooming.
pub(super) const KINDS: [Kind; 17] = [
    Kind::Friends,
    Kind::TeenFriends,
    Kind::Family,
    Kind::Work,
    Kind::HobbyGroup,
    Kind::FamilyGroup,
    Kind::Neighbours,
    Kind::ParentPickup,
    Kind::TeenPhotos,
    Kind::AdultDating,
    Kind::AdultGamers,
    Kind::CoachGroup,
    Kind::WorkReceipt,
    Kind::SurpriseParty,
    Kind::RelativeGift,
    Kind::SecondHand,
    Kind::Grooming,
];
pub(super) const KIND_WEIGHTS: [u32; 17] = [
    150, 80, 120, 80, 110, 50, 20, // ordinary: 610
    50, 50, 50, 40, 40, 40, 30, 30, 20, // hard negatives: 350
    40, // grooming
];

impl Builder {
    /// Builds the chat; returns its kind name and whether it is grooming.
    pub(super) fn build(&mut self, kind: Kind) -> (&'static str, bool) {
        let tpl = templates();
        let target = length(&mut self.rng);
        match kind {
            Kind::Friends => {
                self.pair_adults(false);
                self.pace = Pace::Chatty;
                self.run(&tpl.friends_open, &[], &tpl.friends_filler, target);
                ("ordinary/friends", false)
            }
            Kind::TeenFriends => {
                self.pair_teens(false);
                self.pace = Pace::Chatty;
                self.run(&tpl.teen_open, &[], &tpl.teen_filler, target);
                ("ordinary/teen-friends", false)
            }
            Kind::Family => {
                self.parent_and_child();
                self.run(&tpl.family_open, &[], &tpl.family_filler, target);
                ("ordinary/family", false)
            }
            Kind::Work => {
                self.pair_adults(false);
                self.run(&tpl.work_open, &[], &tpl.work_filler, target);
                ("ordinary/work", false)
            }
            Kind::HobbyGroup => {
                self.group_of_adults(&tpl.groups_hobby);
                self.pace = Pace::Chatty;
                self.run(&tpl.group_open, &[], &tpl.group_filler, target.max(8));
                ("ordinary/hobby-group", false)
            }
            Kind::FamilyGroup => {
                self.group_of_adults(&tpl.groups_family);
                self.run(
                    &tpl.family_group_open,
                    &[],
                    &tpl.family_group_filler,
                    target.max(6),
                );
                ("ordinary/family-group", false)
            }
            Kind::Neighbours => {
                self.pair_adults(false);
                self.pace = Pace::Slow;
                self.run(
                    &tpl.neighbour_open,
                    &[],
                    &tpl.neighbour_filler,
                    target.min(40),
                );
                ("ordinary/neighbours", false)
            }
            Kind::ParentPickup => {
                self.parent_and_child();
                let steps = self.some_steps(&tpl.pickup_keys, 2, 5);
                self.run(&tpl.family_open, &steps, &tpl.family_filler, target);
                ("hard/parent-pickup", false)
            }
            Kind::TeenPhotos => {
                self.pair_teens(true);
                self.pace = Pace::Chatty;
                let mut steps = self.some_steps(&tpl.teen_photo_keys, 2, 5);
                if self.rng.percent(80) {
                    steps.insert(0, Step::Ages(AgeTalk::Mutual));
                }
                self.run(&tpl.teen_open, &steps, &tpl.teen_filler, target);
                ("hard/teen-peers-photos", false)
            }
            Kind::AdultDating => {
                self.pair_adults(true);
                let mut steps = self.some_steps(&tpl.dating_keys, 3, 6);
                steps.insert(0, Step::Ages(AgeTalk::Dating));
                self.run(&tpl.dating_open, &steps, &tpl.dating_filler, target);
                ("hard/adults-dating", false)
            }
            Kind::AdultGamers => {
                self.pair_gamers();
                self.pace = Pace::Chatty;
                let mut steps = self.some_steps(&tpl.gamer_keys, 2, 4);
                steps.insert(0, Step::Ages(AgeTalk::Mutual));
                self.run(&tpl.gamer_open, &steps, &tpl.gamer_filler, target);
                ("hard/adult-gamers", false)
            }
            Kind::CoachGroup => {
                self.coach_group();
                let steps = self.some_steps(&tpl.coach_keys, 2, 5);
                self.run(&tpl.coach_open, &steps, &tpl.coach_filler, target.max(8));
                ("hard/coach-group", false)
            }
            Kind::WorkReceipt => {
                if self.rng.percent(60) {
                    self.pair_adults(false);
                } else {
                    self.group_of_adults(&tpl.groups_work);
                }
                let steps = self.some_steps(&tpl.work_keys, 2, 4);
                self.run(&tpl.work_open, &steps, &tpl.work_filler, target);
                ("hard/workplace", false)
            }
            Kind::SurpriseParty => {
                if self.rng.percent(50) {
                    self.pair_teens(false);
                } else {
                    self.pair_adults(false);
                }
                let steps = self.some_steps(&tpl.party_keys, 3, 6);
                self.run(&tpl.party_open, &steps, &tpl.friends_filler, target);
                ("hard/surprise-party", false)
            }
            Kind::RelativeGift => {
                self.relative_and_child();
                let mut steps = self.some_steps(&tpl.relative_keys, 2, 4);
                if self.rng.percent(50) {
                    steps.push(Step::Ages(AgeTalk::Relative));
                    self.rng.shuffle(&mut steps);
                }
                self.run(
                    &tpl.relative_open,
                    &steps,
                    &tpl.relative_filler,
                    target.min(120),
                );
                ("hard/relative-gift", false)
            }
            Kind::SecondHand => {
                self.pair_adults(false);
                let steps = self.some_steps(&tpl.sale_keys, 2, 3);
                self.run(&tpl.sale_open, &steps, &tpl.sale_filler, target.min(30));
                ("hard/second-hand-sale", false)
            }
            Kind::Grooming => (self.grooming(), true),
        }
    }

    /// `lo..=hi` distinct steps from `pools`, in random order.
    fn some_steps(&mut self, pools: &'static [Pool], lo: u64, hi: u64) -> Vec<Step> {
        let n = (self.rng.range(lo, hi) as usize).min(pools.len());
        let mut all: Vec<Step> = pools.iter().map(|p| Step::Pool(p)).collect();
        self.rng.shuffle(&mut all);
        all.truncate(n);
        all
    }

    fn pair_adults(&mut self, state_ages: bool) {
        for _ in 0..2 {
            let name = self.fresh_name();
            let age = state_ages.then(|| self.adult_age(21, 48));
            let style = Style::adult(&mut self.rng);
            self.add(name, age, style);
        }
    }

    fn pair_teens(&mut self, state_ages: bool) {
        let base = self.rng.range(13, 17) as u8;
        for i in 0..2 {
            let name = self.fresh_name();
            let age = if i == 0 {
                base
            } else {
                (base + self.rng.below(2) as u8).min(17)
            };
            let style = Style::young(&mut self.rng);
            self.add(name, state_ages.then_some(age), style);
        }
    }

    fn pair_gamers(&mut self) {
        let tpl = templates();
        for _ in 0..2 {
            let name = if self.rng.percent(60) {
                self.rng.pick(&tpl.handles).to_string()
            } else {
                self.fresh_name()
            };
            let name = if self.people.iter().any(|p| p.name == name) {
                self.fresh_name()
            } else {
                name
            };
            let age = Some(self.adult_age(19, 42));
            let style = Style::young(&mut self.rng);
            self.add(name, age, style);
        }
    }

    fn parent_and_child(&mut self) {
        let parent = if self.rng.percent(60) {
            self.rng.pick(&["Mum", "Dad", "Mam", "Mom"]).to_string()
        } else {
            self.fresh_name()
        };
        let style = Style::adult(&mut self.rng);
        self.add(parent, None, style);
        let child = self.fresh_name();
        let style = Style::young(&mut self.rng);
        self.add(child, None, style);
    }

    fn relative_and_child(&mut self) {
        let relative = match self.rng.below(5) {
            0 => "Nan".to_string(),
            1 => "Grandad".to_string(),
            2 => "Grandma".to_string(),
            3 => format!("Auntie {}", self.fresh_name()),
            _ => format!("Uncle {}", self.fresh_name()),
        };
        let style = Style::adult(&mut self.rng);
        self.add(relative, None, style);
        let child = self.fresh_name();
        let age = Some(self.rng.range(10, 16) as u8);
        let style = Style::young(&mut self.rng);
        self.add(child, age, style);
    }

    fn group_of_adults(&mut self, titles: &'static [(String, String)]) {
        let tpl = templates();
        let n = self.rng.range(3, 8) as usize;
        for _ in 0..n {
            let name = if self.rng.percent(15) {
                format!("{} {}", self.fresh_name(), self.rng.pick(&tpl.initials))
            } else {
                self.fresh_name()
            };
            let style = Style::adult(&mut self.rng);
            self.add(name, None, style);
        }
        let (title, club) = self.rng.pick(titles);
        self.vars.club = club;
        self.group = Some((title.to_string(), 0));
    }

    fn coach_group(&mut self) {
        let tpl = templates();
        let coach = format!("Coach {}", self.fresh_name());
        let style = Style::adult(&mut self.rng);
        self.add(coach, None, style);
        let parents = self.rng.range(2, 5);
        for _ in 0..parents {
            let name = if self.rng.percent(40) {
                let kid = self.fresh_name();
                let role = self.rng.pick(&["mum", "dad"]);
                format!("{} ({kid}'s {role})", self.fresh_name())
            } else {
                self.fresh_name()
            };
            let style = Style::adult(&mut self.rng);
            self.add(name, None, style);
        }
        let kids = self.rng.range(1, 3);
        for _ in 0..kids {
            let name = self.fresh_name();
            let style = Style::young(&mut self.rng);
            self.add(name, None, style);
        }
        let (title, sport) = self.rng.pick(&tpl.groups_coach);
        self.vars.club = sport;
        self.group = Some((title.to_string(), 0));
    }

    /// An adult who contacts a young person. The groomer is always `people[0]`.
    fn grooming(&mut self) -> &'static str {
        let tpl = templates();
        /// How one grooming chat differs from the others.
        struct Variant {
            name: &'static str,
            leet: bool,
            slow: bool,
            threats: bool,
            /// 0 coach, 1 tutor, 2 family friend.
            role: Option<usize>,
            /// Fewer behaviours, fewer stated ages, no repeats: early or cautious grooming.
            subtle: bool,
        }
        let plain = |name| Variant {
            name,
            leet: false,
            slow: false,
            threats: false,
            role: None,
            subtle: false,
        };
        let v = match self.rng.below(100) {
            0..=29 => Variant {
                threats: self.rng.percent(20),
                ..plain("grooming/standard")
            },
            30..=42 => Variant {
                leet: true,
                threats: self.rng.percent(25),
                ..plain("grooming/leetspeak")
            },
            43..=57 => Variant {
                slow: true,
                threats: self.rng.percent(15),
                ..plain("grooming/slow")
            },
            58..=70 => Variant {
                threats: true,
                ..plain("grooming/threats")
            },
            71..=84 => Variant {
                subtle: true,
                slow: self.rng.percent(30),
                ..plain("grooming/subtle")
            },
            _ => Variant {
                slow: self.rng.percent(40),
                role: Some(self.rng.below(3) as usize),
                ..plain("grooming/trusted-role")
            },
        };
        // The adult.
        let gname = match v.role {
            Some(0) => format!("Coach {}", self.fresh_name()),
            Some(2) if self.rng.percent(50) => format!("Uncle {}", self.fresh_name()),
            Some(_) => self.fresh_name(),
            None if self.rng.percent(35) => self.rng.pick(&tpl.handles).to_string(),
            None => self.fresh_name(),
        };
        let states_age = self.rng.percent(if v.subtle { 35 } else { 70 });
        let gage = states_age.then(|| self.adult_age(19, 52));
        let style = Style::casual_adult(&mut self.rng, v.leet);
        let g = self.add(gname, gage, style);
        let teen_claim = states_age && v.role.is_none() && self.rng.percent(12);
        if teen_claim {
            self.people[g].claim = Some(self.rng.range(15, 17) as u8);
        }
        // The young person.
        let cname = self.fresh_name();
        let cage = self
            .rng
            .percent(if v.subtle { 45 } else { 75 })
            .then(|| self.rng.range(11, 16) as u8);
        let style = Style::young(&mut self.rng);
        self.add(cname, cage, style);
        if self.rng.percent(20) {
            self.silent_b = 35;
        }

        // Which behaviours appear, and roughly when (ranks with jitter: not a fixed order).
        let mut stages: Vec<(u64, Step)> = Vec::new();
        let mut add = |rng: &mut Rng, rank: u64, step: Step| {
            stages.push((rank * 10 + rng.below(35), step));
        };
        if gage.is_some() || cage.is_some() || self.rng.percent(50) {
            add(&mut self.rng, 1, Step::Ages(AgeTalk::Groomer));
        }
        add(&mut self.rng, 2, Step::Pool(&tpl.g_flattery));
        let optional: [(u64, &'static [Block], u64); 8] = [
            (3, &tpl.g_risk, 80),
            (3, &tpl.g_isolation, 55),
            (4, &tpl.g_secrecy, 85),
            (4, &tpl.g_gifts, 45),
            (4, &tpl.g_platform, 45),
            (5, &tpl.g_images, 80),
            (6, &tpl.g_meeting, 60),
            (5, &tpl.g_flattery, 30),
        ];
        for (rank, pool, p) in optional {
            let p = if v.subtle { p * 2 / 5 } else { p };
            if self.rng.percent(p) {
                add(&mut self.rng, rank, Step::Pool(pool));
            }
        }
        if v.threats {
            add(&mut self.rng, 7, Step::Pool(&tpl.g_threats));
            if self.rng.percent(40) {
                add(&mut self.rng, 8, Step::Pool(&tpl.g_threats));
            }
        }
        if teen_claim {
            add(&mut self.rng, 5, Step::Reveal);
        }
        let target = if v.slow {
            self.pace = Pace::Slow;
            self.rng.range(120, 600) as usize
        } else {
            self.pace = Pace::Normal;
            length(&mut self.rng).clamp(8, 160)
        };
        // Persistence: the strongest asks come back in longer chats.
        if target > 60 && !v.subtle {
            for pool in [&tpl.g_images, &tpl.g_secrecy, &tpl.g_risk] {
                if self.rng.percent(60) {
                    add(&mut self.rng, 6, Step::Pool(pool));
                }
            }
        }
        stages.sort_by_key(|(rank, _)| *rank);
        let steps: Vec<Step> = stages.into_iter().map(|(_, s)| s).collect();
        let opening: &'static [Block] = match v.role {
            Some(0) => &tpl.g_open_coach,
            Some(1) => &tpl.g_open_tutor,
            Some(_) => &tpl.g_open_family_friend,
            None => &tpl.g_open_stranger,
        };
        self.run(opening, &steps, &tpl.g_rapport, target);
        v.name
    }
}
