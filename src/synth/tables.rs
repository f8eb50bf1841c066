//! The template tables: slot fillers and blocks of templates for ordinary chat, hard
//! negatives and grooming.

use super::builder::Block;
use super::builder::Who::{A, B, M, X};

// ---------------------------------------------------------------------------------------
// Slot fillers (all invented or generic)
// ---------------------------------------------------------------------------------------

pub(super) const NAMES: &[&str] = &[
    "Abby", "Adam", "Aiden", "Alfie", "Amber", "Amir", "Ana", "Archie", "Ava", "Ayla", "Beth",
    "Bilal", "Brooke", "Caleb", "Callum", "Carla", "Cerys", "Chloe", "Ciara", "Connor", "Dan",
    "Dara", "Deon", "Dev", "Dylan", "Ebony", "Eden", "Eli", "Ella", "Elliot", "Emre", "Erin",
    "Esme", "Ethan", "Evie", "Faye", "Felix", "Finn", "Freya", "Gemma", "Grace", "Hana", "Harley",
    "Harvey", "Hollie", "Idris", "Imogen", "Isaac", "Isla", "Ivy", "Jack", "Jade", "Jamal",
    "Jasmine", "Jay", "Jess", "Jodie", "Joel", "Josh", "Jude", "Kai", "Kara", "Karen", "Kayden",
    "Keira", "Kemi", "Kian", "Kira", "Lacey", "Layla", "Leah", "Leo", "Lewis", "Lily", "Logan",
    "Lola", "Lucas", "Lucy", "Luke", "Maisie", "Malik", "Maya", "Megan", "Mia", "Milo", "Mina",
    "Morgan", "Nadia", "Naomi", "Nat", "Neil", "Niamh", "Nico", "Nina", "Noah", "Ola", "Olly",
    "Omar", "Owen", "Paige", "Pat", "Phoebe", "Piper", "Priya", "Rae", "Reece", "Remi", "Rhys",
    "Riley", "Rory", "Rosa", "Ruby", "Ryan", "Sade", "Sam", "Sami", "Sara", "Scarlett", "Sean",
    "Shay", "Sian", "Sofia", "Sonny", "Stacey", "Tara", "Theo", "Tia", "Toby", "Tom", "Tyler",
    "Uma", "Vic", "Will", "Yas", "Zac", "Zara", "Zoe",
];

pub(super) const HANDLES: &[&str] = &[
    "Vortex", "xKaz", "Nightowl", "Blaze", "Jinx", "Pixel", "Rook", "Echo", "Zed", "Drift",
    "Kairo", "Nova", "Frost", "Raven", "Spud", "Taz", "Mako", "Onyx", "Jett", "Bigz", "Lynx",
    "Skye", "Dex", "Ziggy",
];

pub(super) const INITIALS: &[&str] = &["B", "C", "D", "H", "K", "M", "P", "R", "S", "T", "W"];

pub(super) const PLACES: &[&str] = &[
    "the station",
    "the park",
    "the car park",
    "the shopping centre",
    "the bus stop",
    "the leisure centre",
    "the library",
    "the cafe",
    "the high street",
    "the retail park",
    "the big supermarket",
    "the corner shop",
    "the chippy",
    "the pub",
    "the cinema",
    "the bowling alley",
    "the garden centre",
    "the swimming pool",
];

pub(super) const MEET_PLACES: &[&str] = &[
    "the station",
    "the park",
    "the car park behind the shops",
    "the shopping centre",
    "the bus stop",
    "the back of the leisure centre",
    "the end of your road",
];

pub(super) const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tomorrow",
    "tonight",
    "the weekend",
    "next week",
];

pub(super) const CLOCKS: &[&str] = &[
    "7",
    "half 6",
    "8ish",
    "quarter past 5",
    "10",
    "about 4",
    "6.30",
    "half 3",
    "9",
    "7.15",
    "noon",
    "5",
    "half 7",
    "quarter to 8",
];

pub(super) const FOODS: &[&str] = &[
    "pizza",
    "pasta",
    "curry",
    "tacos",
    "a roast",
    "chilli",
    "stir fry",
    "fish and chips",
    "burgers",
    "soup",
    "jacket potatoes",
    "lasagne",
];

pub(super) const SHOWS: &[&str] = &[
    "that baking show",
    "the detective series",
    "the new season",
    "that quiz show",
    "the dragon one",
    "the dating show",
    "the cooking competition",
    "that documentary about octopuses",
];

pub(super) const GAMES: &[&str] = &[
    "the block game",
    "the farm game",
    "the racing game",
    "the battle royale",
    "the football game",
    "the zombie game",
    "the island game",
];

pub(super) const APPS: &[&str] = &["the other app", "discord", "snap", "that chat app"];

pub(super) const GIFTS: &[&str] = &[
    "a gift card",
    "some credit",
    "game coins",
    "new trainers",
    "a new phone",
    "skins",
    "the battle pass",
    "a top up",
];

pub(super) const MONEY: &[&str] = &[
    "£5",
    "£10",
    "£20",
    "a tenner",
    "twenty quid",
    "£15",
    "£50",
    "a fiver",
];

pub(super) const SUBJECTS: &[&str] = &[
    "maths",
    "science",
    "english",
    "history",
    "geography",
    "french",
    "art",
    "music",
];

pub(super) const TEACHERS: &[&str] = &[
    "sir",
    "miss",
    "the maths teacher",
    "the new teacher",
    "the supply teacher",
];

pub(super) const PETS: &[&str] = &[
    "the dog",
    "the cat",
    "the puppy",
    "the hamster",
    "the rabbit",
    "biscuit",
];

pub(super) const ITEMS: &[&str] = &[
    "the bike",
    "the pram",
    "the desk",
    "the sofa",
    "the console",
    "the lamp",
    "the guitar",
    "the wardrobe",
    "the tent",
    "the lawnmower",
];

pub(super) const WORK_THINGS: &[&str] = &[
    "the report",
    "the rota",
    "the slides",
    "the stock count",
    "the invoice",
    "the quote",
    "the budget sheet",
    "the newsletter",
];

pub(super) const ACTIVITIES: &[&str] = &[
    "a walk",
    "coffee",
    "the cinema",
    "a drink",
    "brunch",
    "a swim",
    "a run",
    "the quiz",
    "bowling",
];

pub(super) const THINGS: &[&str] = &[
    "PE kit",
    "lunch",
    "keys",
    "coat",
    "homework",
    "water bottle",
    "charger",
    "bus pass",
];

pub(super) const CHORES: &[&str] = &[
    "the bins",
    "the washing",
    "the dishwasher",
    "the hoovering",
    "your room",
];

pub(super) const EMO: &[&str] = &[
    "", "", "", "", " 😂", " 😊", " 👍", " lol", " x", " 🙈", "!!", " haha", " 😅", " 🙏",
];

pub(super) const SHORT_REPLIES: &[&str] =
    &["ok", "yeah", "ye", "k", "okay", "sure", "fine", "alright"];

pub(super) const LAUGHS: &[&str] = &["lol", "haha", "😂", "hahaha", "lmao", "😂😂"];

pub(super) const SONGS: &[&str] = &[
    "the one from the advert",
    "that song from the film",
    "the new one everyone's doing the dance to",
    "the sad one",
];

pub(super) const GROUPS_HOBBY: &[(&str, &str)] = &[
    ("Book club 📚", "book club"),
    ("Running club 🏃", "running club"),
    ("Choir", "choir"),
    ("Quiz team", "the quiz"),
    ("Allotment gang 🥕", "the allotment"),
    ("Sunday league", "five-a-side"),
    ("Climbing crew", "climbing"),
    ("Knit and natter", "knitting group"),
    ("Band practice 🎸", "band practice"),
    ("Walking group", "the walk"),
    ("Flat 3", "the house meeting"),
    ("Wedding planning 💍", "the planning meeting"),
];

pub(super) const GROUPS_FAMILY: &[(&str, &str)] = &[
    ("Family 🏡", "sunday lunch"),
    ("The cousins", "the barbecue"),
    ("Family chat", "sunday lunch"),
    ("Mum's birthday 🎂", "the party"),
];

pub(super) const GROUPS_WORK: &[(&str, &str)] = &[
    ("Site team 🦺", "the site meeting"),
    ("Cafe staff", "the staff meeting"),
    ("Office", "the team meeting"),
    ("Warehouse shifts", "the shift briefing"),
];

pub(super) const GROUPS_COACH: &[(&str, &str)] = &[
    ("U12 football ⚽ parents", "football"),
    ("Swim squad 🏊", "swimming"),
    ("U14 netball", "netball"),
    ("Junior rugby", "rugby"),
    ("Gymnastics club", "gymnastics"),
    ("U13 cricket 🏏", "cricket"),
];

// ---------------------------------------------------------------------------------------
// Ordinary chat
// ---------------------------------------------------------------------------------------

pub(super) const FRIENDS_OPEN: &[Block] = &[
    &[
        (
            A,
            &[
                "hey you",
                "hiya!",
                "morning{emo}",
                "you alive?",
                "hey stranger{emo}",
            ],
        ),
        (
            B,
            &[
                "hey!! how are you",
                "hiya{emo}",
                "morning!",
                "barely {lol}",
                "hey! long time",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "how was your {day}?",
                "how's your week going?",
                "did you get home ok last night?",
            ],
        ),
        (
            B,
            &[
                "not bad, busy with {work}",
                "long, you?",
                "yes thanks, taxi was quick",
            ],
        ),
    ],
];

pub(super) const FRIENDS_FILLER: &[Block] = &[
    &[
        (
            A,
            &["how was {day}?", "how's your week going?", "you surviving?"],
        ),
        (
            B,
            &[
                "not bad, busy with {work}",
                "long. very long",
                "just about {lol}",
            ],
        ),
        (A, &["same old", "ha same", "", "could be worse"]),
    ],
    &[
        (
            A,
            &[
                "did you watch {show}?",
                "have you started {show} yet?",
                "finished {show} last night",
            ],
        ),
        (
            B,
            &[
                "yes!! the ending",
                "not yet, no spoilers",
                "and?? was it good",
            ],
        ),
        (
            A,
            &["I know!!", "my lips are sealed{emo}", "so good, watch it"],
        ),
    ],
    &[
        (
            A,
            &[
                "what are you having for tea?",
                "what's for dinner at yours?",
            ],
        ),
        (
            B,
            &["{food} probably", "no idea, {food}?", "leftovers {lol}"],
        ),
        (A, &["nice, we're having {food}", "jealous", ""]),
    ],
    &[
        (
            A,
            &[
                "this rain is unreal",
                "finally some sun{emo}",
                "is it me or is it freezing",
            ],
        ),
        (
            B,
            &[
                "tell me about it, got soaked walking to {place}",
                "make the most of it!",
                "it's grim",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "fancy {activity} {day}?",
                "up for {activity} at some point this week?",
                "are we still on for {activity}?",
            ],
        ),
        (
            B,
            &[
                "yes! what time?",
                "go on then, when?",
                "yes! where are we meeting?",
            ],
        ),
        (
            A,
            &[
                "{clock}? meet at {place}",
                "{day} at {clock}?",
                "outside {place}, {clock}",
            ],
        ),
        (B, &["perfect", "see you there{emo}", "deal"]),
    ],
    &[
        (A, &["<media>"]),
        (
            A,
            &[
                "look at {pet} 😂",
                "{pet} has stolen my seat again",
                "caught in the act",
            ],
        ),
        (
            B,
            &["stop that's so cute", "hahaha what is he doing", "😂😂"],
        ),
    ],
    &[
        (A, &["work was a nightmare today", "what a day"]),
        (B, &["oh no what happened", "go on"]),
        (
            A,
            &[
                "{work} went wrong, then the printer died",
                "meetings all day, no lunch",
            ],
        ),
        (B, &["classic. wine?", "sending hugs", "nightmare"]),
    ],
    &[
        (
            A,
            &[
                "what are you getting {name} for her birthday?",
                "any ideas for {name}'s birthday?",
            ],
        ),
        (B, &["no idea, ideas?", "voucher probably"]),
        (
            A,
            &[
                "a candle? everyone likes candles",
                "we could go halves on something",
            ],
        ),
        (B, &["genius", "yes let's"]),
    ],
    &[
        (
            A,
            &[
                "running 10 mins late sorry!",
                "bus is crawling, be there soon",
                "just parking",
            ],
        ),
        (
            B,
            &[
                "no worries, I'll grab a table",
                "no rush",
                "I'm by the door",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "any good books lately?",
                "need a new podcast, recommendations?",
            ],
        ),
        (
            B,
            &[
                "just finished one about a lighthouse keeper, really good",
                "the one about the history of bread, weirdly gripping",
            ],
        ),
        (A, &["send me the name", "adding it to the list"]),
    ],
    &[
        (
            A,
            &["booked the holiday!!", "we finally booked a weekend away"],
        ),
        (B, &["where to??", "yesss where?"]),
        (
            A,
            &[
                "the coast for a week, cheap cottage",
                "camping, pray for us",
            ],
        ),
        (B, &["jealous", "amazing, you deserve it"]),
    ],
    &[
        (A, &["gym tomorrow?", "still on for the run {day}?"]),
        (B, &["ugh fine", "yes if it's not raining"]),
        (A, &["{clock} before work", "{clock} by {place}"]),
        (B, &["that's too early, {clock2}?", "ok ok"]),
    ],
    &[
        (A, &["ring me when you're free", "can I call you later?"]),
        (B, &["will do after tea", "yes give me an hour"]),
    ],
    &[(X, &["{lol}", "true", "same", "ikr", "honestly", "😂", "🙈"])],
    &[
        (
            A,
            &[
                "did you sort the car in the end?",
                "how did the interview go?",
                "how's your mum doing?",
            ],
        ),
        (
            B,
            &[
                "yes, cost a fortune",
                "think it went ok? they'll let me know {day}",
                "much better thanks, home now",
            ],
        ),
        (A, &["ouch", "fingers crossed!", "so glad"]),
    ],
    &[
        (
            A,
            &[
                "is {name} still coming {day}?",
                "have you heard from {name}?",
            ],
        ),
        (B, &["think so, I'll check", "not since the weekend"]),
    ],
    &[
        (A, &["sorry I missed your call", "just seen this sorry"]),
        (
            B,
            &[
                "no worries, it was nothing important",
                "all good, sorted it",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "shall we do {food} {day}?",
                "my turn to cook {day}, {food}?",
            ],
        ),
        (B, &["yes please", "I'll bring pudding"]),
    ],
    &[
        (
            A,
            &[
                "my neighbour is drilling AGAIN",
                "the kids next door have a drum kit now",
            ],
        ),
        (B, &["noooo", "{lol} earplugs"]),
    ],
    &[
        (
            A,
            &[
                "can I borrow your big pan {day}?",
                "do you still have that tent?",
            ],
        ),
        (
            B,
            &[
                "course, I'll drop it round",
                "yes it's in the loft, I'll dig it out",
            ],
        ),
        (A, &["you're a star", "legend"]),
    ],
    &[
        (
            A,
            &[
                "guess who I saw at {place}",
                "you'll never guess who I bumped into",
            ],
        ),
        (B, &["who??", "go on"]),
        (A, &["{name} from school!", "{name}, with a new haircut"]),
        (B, &["no way, how are they?", "{lol} the state of it?"]),
    ],
    &[
        (A, &["<media>"]),
        (
            A,
            &[
                "made {food} from scratch",
                "new plant, don't let me kill it",
            ],
        ),
        (B, &["impressive!", "it's doomed {lol}"]),
    ],
    &[
        (A, &["can't sleep", "why am I still awake"]),
        (B, &["same, it's too hot", "put your phone down {lol}"]),
    ],
];

pub(super) const TEEN_OPEN: &[Block] = &[
    &[
        (A, &["heyy", "yo", "u there", "hiii"]),
        (B, &["hey", "ye", "wassup", "hiya"]),
    ],
    &[
        (A, &["did u get home ok", "was that u on the bus"]),
        (B, &["yeah", "{lol} yeah i saw u"]),
    ],
];

pub(super) const TEEN_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "did u do the {subject} homework",
                "whats the {subject} homework again",
            ],
        ),
        (B, &["nope not yet", "worksheet on the thing we did today"]),
        (A, &["its due {day} 😭", "the one with the graph?"]),
        (B, &["ill do it on the bus", "ye that one"]),
    ],
    &[
        (
            A,
            &[
                "{teacher} was so annoying today",
                "cant believe {teacher} moved my seat",
            ],
        ),
        (B, &["ikr", "{lol} i saw"]),
    ],
    &[
        (A, &["u playing {game} later", "on {game} tonight?"]),
        (B, &["yeah after tea", "maybe if my mum lets me"]),
        (A, &["bet", "ok add me"]),
    ],
    &[
        (A, &["did u see what happened at lunch", "omg lunch today"]),
        (B, &["no what", "{lol} yes"]),
        (
            A,
            &["someone set off the fire alarm {lol}", "the tray thing 😂"],
        ),
        (B, &["no wayyy", "im crying"]),
    ],
    &[
        (
            A,
            &[
                "this song is stuck in my head",
                "cant stop listening to {song}",
            ],
        ),
        (B, &["which one", "same"]),
        (A, &["{song}", "its so good"]),
        (B, &["noo now its in mine", "tune"]),
    ],
    &[
        (
            A,
            &["coming to the park {day}?", "going town {day} u coming"],
        ),
        (B, &["maybe, whos going", "depends whos going"]),
        (A, &["{name} and {name2}", "everyone"]),
        (B, &["ok yeah", "ill ask my mum"]),
    ],
    &[
        (A, &["im so bored", "this is the longest day ever"]),
        (B, &["same", "me too"]),
    ],
    &[
        (
            A,
            &[
                "my mum took my phone last night {lol}",
                "got my phone taken off me again",
            ],
        ),
        (B, &["why", "what did u do"]),
        (A, &["stayed up too late", "didnt do my chores"]),
    ],
    &[
        (A, &["<media>"]),
        (A, &["look at this meme 😂", "this is so u"]),
        (B, &["HAHAHA", "{lol}", "stoppp"]),
    ],
    &[
        (
            A,
            &["bus was so packed this morning", "missed the bus again"],
        ),
        (B, &["ugh i had to stand", "{lol} again??"]),
    ],
    &[
        (
            A,
            &[
                "are u going to {name}'s party",
                "whats everyone wearing to the party",
            ],
        ),
        (B, &["yeah if my dad drives me", "idk jeans"]),
    ],
    &[
        (A, &["have u revised for the test", "test {day} 😭"]),
        (B, &["no", "i know 😭"]),
        (A, &["were doomed", "same"]),
    ],
    &[(X, &["{lol}", "ye", "true", "fr", "omg", "wait what", "💀"])],
    &[
        (
            A,
            &[
                "whats the wifi password at urs again",
                "can i borrow ur charger tmrw",
            ],
        ),
        (B, &["its on the fridge {lol}", "ye remind me"]),
    ],
    &[
        (
            A,
            &[
                "{name} is so annoying in {subject}",
                "{name} keeps copying my answers",
            ],
        ),
        (B, &["ignore them", "{lol} tell sir"]),
    ],
    &[
        (
            A,
            &["did u get ur results back", "what did u get on the test"],
        ),
        (B, &["a 6!!", "dont ask 💀"]),
        (A, &["well done!!", "same {lol}"]),
    ],
    &[
        (
            A,
            &[
                "my brother ate my pizza",
                "my sister borrowed my hoodie AGAIN",
            ],
        ),
        (B, &["{lol} justice for u", "classic"]),
    ],
    &[
        (A, &["r u walking in tmrw", "meet at the corner tmrw?"]),
        (B, &["ye 8.15", "ye usual time"]),
    ],
    &[
        (A, &["have u seen {show}", "watching {show} rn"]),
        (B, &["yesss its so good", "no is it good"]),
        (A, &["the ending omg", "watch it"]),
    ],
];

pub(super) const FAMILY_OPEN: &[Block] = &[
    &[
        (
            A,
            &[
                "morning love, have a good day{emo}",
                "you up?",
                "where are you?",
            ],
        ),
        (B, &["u too", "yep", "on the bus"]),
    ],
    &[
        (B, &["whats for tea", "can you pick me up later"]),
        (A, &["{food}", "what time?"]),
    ],
];

pub(super) const FAMILY_FILLER: &[Block] = &[
    &[
        (A, &["what time will you be home?", "home for tea?"]),
        (B, &["about {clock}", "yeah"]),
        (A, &["ok tea's at {clock2}", "ok"]),
    ],
    &[
        (
            A,
            &[
                "can you get milk on the way back",
                "grab bread from the shop please",
            ],
        ),
        (B, &["yep how many", "ok"]),
        (A, &["2 big ones please", "thanks love"]),
    ],
    &[
        (
            A,
            &["did you take your {thing}?", "have you got your {thing}?"],
        ),
        (B, &["yes", "forgot 🙈"]),
        (A, &["good", "honestly"]),
    ],
    &[
        (
            B,
            &[
                "can I go to {name}'s after school?",
                "can {name} come round?",
            ],
        ),
        (
            A,
            &["have you done your homework?", "whose mum is picking up?"],
        ),
        (B, &["most of it", "hers"]),
        (A, &["ok but back by {clock}", "fine"]),
    ],
    &[
        (
            A,
            &["{chore} please before I get home", "can you do {chore}"],
        ),
        (B, &["ok", "why me"]),
        (A, &["thank you", "because I said so 😂"]),
    ],
    &[
        (B, &["whats for tea", "im starving"]),
        (A, &["{food}", "there's {food} in the fridge"]),
        (B, &["yesss", "again??"]),
    ],
    &[
        (
            A,
            &[
                "grandma says thank you for the card",
                "nan rang, she says hi",
            ],
        ),
        (B, &["aw", "tell her hi back"]),
    ],
    &[
        (
            A,
            &[
                "dentist {day} at {clock}, don't forget",
                "parents evening is {day}",
            ],
        ),
        (B, &["ok", "noooo"]),
    ],
    &[
        (
            B,
            &[
                "can you transfer me {money} for the trip",
                "can I have {money} for lunch",
            ],
        ),
        (A, &["done. what's it for again?", "sent"]),
        (B, &["the museum trip", "thank you"]),
    ],
    &[
        (A, &["are you on the bus?", "you on your way?"]),
        (B, &["yeah be 20 mins", "just left"]),
    ],
    &[
        (A, &["love you, have a good day x", "good luck today x"]),
        (B, &["love you too", "thanks"]),
    ],
    &[
        (B, &["<media>"]),
        (B, &["look what I made in {subject}", "got a merit"]),
        (A, &["that's brilliant!! 😍", "so proud of you"]),
    ],
    &[
        (A, &["have you fed {pet}?", "did you walk {pet}?"]),
        (B, &["yes", "doing it now"]),
    ],
    &[
        (A, &["where's the remote", "have you seen my keys"]),
        (B, &["no idea", "on the side"]),
    ],
    &[
        (
            A,
            &[
                "can you put the oven on at {clock}?",
                "take the chicken out of the freezer please",
            ],
        ),
        (B, &["what temperature", "ok"]),
        (A, &["200, thanks love", "thank you"]),
    ],
    &[
        (
            B,
            &[
                "can I stay up to watch {show}",
                "can I have a friend over {day}",
            ],
        ),
        (A, &["if your room's tidy", "ask your dad"]),
        (B, &["it is!!", "he said ask you 🙄"]),
    ],
    &[
        (
            A,
            &[
                "your nan's coming for tea {day}",
                "we're going to see grandad {day}",
            ],
        ),
        (B, &["ok", "do I have to come"]),
        (A, &["be nice", "yes {lol}"]),
    ],
    &[
        (B, &["i've lost my {thing}", "my {thing} is broken"]),
        (A, &["look in the car", "we'll sort it at the weekend"]),
        (B, &["found it", "ok"]),
    ],
];

pub(super) const WORK_OPEN: &[Block] = &[&[
    (
        A,
        &["morning, are you in today?", "hi, quick one", "morning all"],
    ),
    (B, &["yes from {clock}", "go on", "morning"]),
]];

pub(super) const WORK_FILLER: &[Block] = &[
    &[
        (A, &["are you in today?", "are you on {day}?"]),
        (B, &["yeah from {clock}", "no, back {day2}"]),
        (
            A,
            &[
                "great, can you cover the front desk at lunch?",
                "ok no worries",
            ],
        ),
        (B, &["sure", ""]),
    ],
    &[
        (
            A,
            &["did the client get back to you?", "any news on {work}?"],
        ),
        (B, &["not yet, I'll chase", "yes, all approved"]),
    ],
    &[
        (
            A,
            &["meeting moved to {clock}", "{club} is at {clock} today"],
        ),
        (B, &["thanks for the heads up", "👍"]),
    ],
    &[
        (
            A,
            &[
                "can you check {work} before I send it?",
                "have you got a sec to look at {work}",
            ],
        ),
        (B, &["yep give me 10 mins", "sure"]),
        (B, &["looks good, one typo on page 2", "all fine"]),
        (A, &["legend", "thanks"]),
    ],
    &[
        (
            B,
            &["printer's jammed again", "the coffee machine is broken"],
        ),
        (A, &["of course it is", "nooo"]),
    ],
    &[
        (
            A,
            &[
                "swap shifts {day}? I've got a dentist appointment",
                "can anyone cover {day} morning?",
            ],
        ),
        (B, &["yeah fine, I'll take your early", "I can do it"]),
        (A, &["owe you one", "thank you!"]),
    ],
    &[
        (A, &["coffee?", "tea run, want one?"]),
        (B, &["always", "yes please, milk no sugar"]),
    ],
    &[
        (
            A,
            &[
                "don't forget timesheets are due {day}",
                "reminder: holiday requests by {day}",
            ],
        ),
        (B, &["ugh thanks", "done"]),
    ],
    &[
        (
            B,
            &["running late, train's delayed", "stuck in traffic, 15 mins"],
        ),
        (A, &["no worries", "ok"]),
    ],
    &[(X, &["👍", "thanks", "cheers", "noted"])],
    &[
        (
            A,
            &[
                "the new starter is in {day}, can you show them round?",
                "can you do the induction {day}?",
            ],
        ),
        (B, &["sure, what time?", "yes no problem"]),
        (A, &["{clock}", "thanks!"]),
    ],
    &[
        (
            A,
            &[
                "who left the fridge open",
                "whose lunch is in the microwave",
            ],
        ),
        (B, &["not me {lol}", "oops mine"]),
    ],
    &[
        (A, &["system's down again", "can't log in, is it just me?"]),
        (
            B,
            &["same here, IT are on it", "works for me, try restarting"],
        ),
    ],
];

pub(super) const GROUP_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi all, made a group for {club} 😊",
            "Evening everyone! Group for {club}",
        ],
    ),
    (M, &["👍", "great idea", "hi all"]),
    (M, &["hello!", "", "👋"]),
]];

pub(super) const GROUP_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "reminder: {club} {day} at {clock}, {place}",
                "{club} is on {day}, {clock}",
            ],
        ),
        (M, &["👍", "great"]),
        (
            M,
            &[
                "I'll be there",
                "might be late",
                "can't make it this week sorry",
            ],
        ),
    ],
    &[
        (M, &["anyone got a lift going?", "is anyone driving {day}?"]),
        (X, &["I can take 2", "I can pick you up from {place}"]),
        (M, &["yes please!", "amazing thank you"]),
    ],
    &[
        (A, &["who's in for {day}?", "numbers for {day} please"]),
        (M, &["me", "yes"]),
        (M, &["me too", "+1"]),
        (M, &["can't this week sorry", ""]),
    ],
    &[
        (X, &["<media>"]),
        (X, &["from last week 😂", "what a day"]),
        (X, &["love it", "brilliant"]),
    ],
    &[
        (
            M,
            &["what are we doing next time?", "any ideas for next month?"],
        ),
        (
            M,
            &[
                "something lighter please",
                "I vote the one {name} suggested",
            ],
        ),
        (A, &["ok, let's decide {day}", "I'll do a poll"]),
    ],
    &[
        (
            A,
            &[
                "subs are {money} this month, pay me whenever",
                "{money} each for the booking please",
            ],
        ),
        (M, &["sent", "will do friday"]),
        (M, &["done 👍", ""]),
    ],
    &[
        (
            X,
            &[
                "happy birthday {name}!! 🎉",
                "happy birthday to our {name} 🎂",
            ],
        ),
        (X, &["happy birthday!!", "🎉🎉"]),
        (X, &["thanks all 😊", ""]),
    ],
    &[
        (
            M,
            &[
                "is it still on with this weather?",
                "is {place} open {day}?",
            ],
        ),
        (A, &["yes unless it's thunder", "yes, checked this morning"]),
    ],
    &[
        (
            M,
            &[
                "left my water bottle there, anyone seen it?",
                "has anyone got a spare charger, I left mine",
            ],
        ),
        (X, &["I've got it, will bring it next time", "no sorry"]),
    ],
    &[
        (
            M,
            &[
                "running late, start without me",
                "stuck at {place}, 10 mins",
            ],
        ),
        (X, &["no worries", "👍"]),
    ],
    &[(X, &["{lol}", "😂", "classic", "true", "👍", "haha yes"])],
    &[
        (M, &["that was so much fun today", "thanks for organising"]),
        (X, &["agreed, same time next month?", "yes!!"]),
        (X, &["I'm in", ""]),
    ],
    &[
        (
            M,
            &["did anyone else get soaked?", "my legs are dead {lol}"],
        ),
        (X, &["drenched", "same 😂"]),
    ],
    &[
        (
            A,
            &[
                "new member joining {day}, be nice 😄",
                "{name} is joining us from {day}",
            ],
        ),
        (M, &["welcome!", "the more the merrier"]),
    ],
    &[
        (
            M,
            &[
                "can someone send the address again?",
                "where are we meeting again?",
            ],
        ),
        (
            A,
            &[
                "{place}, by the main entrance",
                "same as last time, {place}",
            ],
        ),
        (M, &["thanks", "👍"]),
    ],
    &[
        (M, &["I'll bring snacks", "who's bringing the cake?"]),
        (X, &["hero", "me!"]),
    ],
];

pub(super) const FAMILY_GROUP_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Made a group so we can sort {club}",
            "Hello all, family group!",
        ],
    ),
    (M, &["hello!", "👋", "finally"]),
]];

pub(super) const FAMILY_GROUP_FILLER: &[Block] = &[
    &[
        (X, &["Sunday lunch at ours?", "{club} at ours {day}?"]),
        (X, &["yes!", "we're in"]),
        (X, &["what can we bring?", "what time?"]),
        (A, &["pudding", "{clock}, bring chairs"]),
    ],
    &[
        (X, &["<media>"]),
        (X, &["the kids at the beach", "look who's walking!"]),
        (X, &["gorgeous!", "😍😍"]),
    ],
    &[
        (X, &["has anyone heard from {name}?", "how's nan doing?"]),
        (
            X,
            &["spoke to her yesterday, she's fine", "better, home {day}"],
        ),
    ],
    &[
        (
            X,
            &[
                "card going round for grandma's birthday",
                "collection for the present, {money} each?",
            ],
        ),
        (X, &["sent", "I'll give you cash {day}"]),
    ],
    &[
        (
            X,
            &[
                "who's driving {day}?",
                "can someone pick me up from {place}?",
            ],
        ),
        (X, &["I can", "I'll pick you up from {place} at {clock}"]),
    ],
    &[(X, &["{lol}", "😂", "love you all", "x"])],
    &[
        (
            X,
            &[
                "does anyone have the recipe for nan's cake?",
                "who's got the big gazebo?",
            ],
        ),
        (X, &["I'll send a photo of it", "it's in our garage"]),
    ],
];

pub(super) const NEIGHBOUR_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi, it's {me} from next door 😊",
            "Hi, it's {me} from across the road",
        ],
    ),
    (B, &["Hi! Thanks for messaging", "Oh hi"]),
]];

pub(super) const NEIGHBOUR_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "your parcel came to ours, I'll drop it over",
                "got a parcel for you",
            ],
        ),
        (B, &["thank you so much!", "oh lovely, thanks"]),
    ],
    &[
        (A, &["is it bin day {day}?", "which bin is it this week?"]),
        (B, &["yes, green one", "recycling this week"]),
    ],
    &[
        (
            A,
            &[
                "we're having work done {day}, sorry in advance for the noise",
                "skip arriving {day}",
            ],
        ),
        (B, &["no problem, thanks for letting us know", "good luck!"]),
    ],
    &[
        (
            B,
            &[
                "have you seen a grey cat in your garden?",
                "is that your cat on our shed?",
            ],
        ),
        (A, &["no but I'll keep an eye out", "yes he's ours sorry!"]),
    ],
    &[
        (
            A,
            &[
                "could you keep an eye on the house {day}? we're away",
                "are you around {day}? need to borrow a ladder",
            ],
        ),
        (B, &["of course", "yes, knock anytime"]),
    ],
];

// ---------------------------------------------------------------------------------------
// Hard negatives: shared vocabulary, benign behaviour
// ---------------------------------------------------------------------------------------

pub(super) const PICKUP_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "what time does practice finish?",
                    "what time are you finished {day}?",
                ],
            ),
            (B, &["{clock}", "about {clock} i think"]),
            (
                A,
                &[
                    "ok I'll pick you up from the station",
                    "I'll pick you up from the car park, wait inside",
                    "I'll come get you from {place}",
                ],
            ),
            (B, &["ok", "thanks"]),
        ],
        &[
            (
                B,
                &[
                    "can you come get me? bus didn't come",
                    "can u pick me up from {place}",
                ],
            ),
            (
                A,
                &[
                    "on my way, wait inside {place}",
                    "give me 10 mins, stay where it's light",
                ],
            ),
            (B, &["ok", "thank u"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "can you send me a pic of the bus timetable?",
                    "send me a photo of the timetable on the wall please",
                ],
            ),
            (B, &["<media>"]),
            (A, &["thanks love", "perfect thanks"]),
        ],
        &[
            (
                A,
                &[
                    "send me a pic of the permission slip so I can sign it online",
                    "can you send me a photo of the letter about the trip",
                ],
            ),
            (B, &["<media>"]),
            (B, &["theres 2 pages", ""]),
            (A, &["got it x", "thanks"]),
        ],
        &[
            (
                A,
                &[
                    "send me a pic of your homework sheet, I'll print it at work",
                    "send a pic of the shopping list on the fridge",
                ],
            ),
            (B, &["<media>"]),
            (A, &["thanks", "👍"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "are you on your own at the station? dad's running late",
                    "are you alone? dad's stuck in traffic",
                ],
            ),
            (B, &["no {name}'s with me", "yeah but its fine"]),
            (
                A,
                &[
                    "ok stay together, 10 mins",
                    "stay inside where it's busy, nearly there",
                ],
            ),
        ],
        &[
            (
                A,
                &[
                    "are you home alone? I'm late, there's pizza in the freezer",
                    "is anyone home with you?",
                ],
            ),
            (B, &["yeah", "{name}'s here"]),
            (
                A,
                &["lock the door and I'll be back by {clock}", "ok, back soon"],
            ),
        ],
    ],
    &[
        &[
            (
                A,
                &["don't forget your coat", "take your coat it's freezing"],
            ),
            (B, &["i wont", "ok"]),
        ],
        &[
            (
                A,
                &[
                    "delete that game it's eating all your data",
                    "that app keeps pinging at night, delete it please",
                ],
            ),
            (B, &["ugh fine", "ok"]),
        ],
        &[
            (
                A,
                &[
                    "I'll top up your phone tonight",
                    "topped up your phone, don't spend it all on games",
                ],
            ),
            (B, &["thank u", "ty"]),
        ],
    ],
];

pub(super) const TEEN_PHOTO_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "send me a pic of the dress",
                    "send me a pic of ur outfit for the party",
                    "send a pic of the shoes",
                ],
            ),
            (B, &["<media>"]),
            (A, &["omg its so nice", "STUNNING", "obsessed"]),
            (B, &["u sure??", "{lol} thanks"]),
        ],
        &[
            (B, &["<media>"]),
            (B, &["new haircut what do u think", "be honest"]),
            (A, &["suits u", "love it"]),
        ],
        &[
            (
                A,
                &["send me a pic of ur new trainers", "pic of the cake pls"],
            ),
            (B, &["<media>"]),
            (A, &["clean", "want"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "dont tell my mum about the party",
                    "dont tell my mum i was at the park",
                ],
            ),
            (B, &["i wont {lol}", "obviously"]),
        ],
        &[
            (
                A,
                &["dont tell anyone i like {name}", "keep it a secret ok"],
            ),
            (B, &["my lips are sealed", "who would i tell {lol}"]),
        ],
    ],
    &[&[
        (A, &["add me on {app}", "r u on {app}"]),
        (B, &["whats ur name on it", "yeah add me"]),
        (A, &["same as here", "sent u a request"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete that pic of me its so bad",
                "delete the video from earlier pls",
            ],
        ),
        (B, &["nooo its funny", "never"]),
        (A, &["DELETE IT", "pleaseee"]),
        (B, &["fine 😂", "done"]),
    ]],
    &[
        &[
            (
                A,
                &["meet at the park after school?", "meet at {place} {day}?"],
            ),
            (B, &["yeah with {name}", "ok what time"]),
            (A, &["ok", "{clock}"]),
        ],
        &[
            (
                A,
                &[
                    "u alone? can i ring u about the homework",
                    "r u alone, can i call u",
                ],
            ),
            (B, &["yeah", "give me 5 mins"]),
        ],
    ],
];

pub(super) const DATING_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hey, {me} from the app 👋 thought it'd be easier to chat here",
            "Hi! It's {me} from the app",
        ],
    ),
    (
        B,
        &[
            "Hi! Yes much easier, that app keeps logging me out",
            "hey! good idea",
        ],
    ),
]];

pub(super) const DATING_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "so what do you do when you're not swiping?",
                "how was work?",
            ],
        ),
        (B, &["I'm a nurse, so mostly sleeping 😅", "long day, you?"]),
        (
            A,
            &[
                "ha fair, I'm an accountant. I know, thrilling",
                "same, rota chaos",
            ],
        ),
    ],
    &[
        (A, &["what are you up to this weekend?", "any plans {day}?"]),
        (B, &["seeing my sister, you?", "nothing much"]),
        (A, &["football then sofa", "same"]),
    ],
    &[
        (
            A,
            &["favourite food, go", "best place for {food} round here?"],
        ),
        (B, &["{food}, always", "the place by {place}"]),
        (A, &["good answer", "noted"]),
    ],
    &[
        (A, &["good morning{emo}", "morning! sleep ok?"]),
        (B, &["morning!", "not really, neighbours 🙄"]),
    ],
    &[(X, &["haha", "😂", "that's fair", "I like that"])],
    &[
        (A, &["cats or dogs?", "beach or mountains?"]),
        (B, &["dogs, obviously", "mountains"]),
        (A, &["correct", "we can't be friends {lol}"]),
    ],
    &[
        (A, &["how was your {day}?", "how did the big meeting go?"]),
        (
            B,
            &[
                "lovely, went to {place} with my sister",
                "fine! glad it's over",
            ],
        ),
    ],
];

pub(super) const DATING_KEYS: &[&[Block]] = &[
    &[
        &[
            (
                A,
                &[
                    "can you send me a pic of that dog from your profile? he looked hilarious",
                    "send me a pic of your cat, I need to see him",
                ],
            ),
            (B, &["<media>"]),
            (B, &["he's an idiot", "here he is"]),
            (A, &["I love him already", "perfect"]),
        ],
        &[
            (
                A,
                &[
                    "send one of you too? your profile pics are all sunglasses 😂",
                    "send me a pic of you?",
                ],
            ),
            (B, &["<media>"]),
            (B, &["happy now?", "there you go"]),
            (A, &["very 😊", "much better"]),
        ],
    ],
    &[
        &[
            (
                A,
                &[
                    "would you want to meet up? drink on {day}?",
                    "shall we meet? coffee {day}?",
                ],
            ),
            (B, &["yes! where?", "I'd like that, where?"]),
            (
                A,
                &[
                    "the bar near the station? I can meet you outside at {clock}",
                    "the cafe by {place}, {clock}?",
                ],
            ),
            (B, &["perfect", "see you there"]),
        ],
        &[
            (
                A,
                &[
                    "I can pick you up from the station if you like",
                    "want me to pick you up?",
                ],
            ),
            (B, &["that'd be lovely", "I'll get the bus, but thanks"]),
        ],
    ],
    &[&[
        (
            B,
            &[
                "don't tell my friends yet lol, they'll want a full report",
                "keep it between us for now? my sister will never let it go",
            ],
        ),
        (A, &["ha my lips are sealed", "our secret 🤐"]),
    ]],
    &[&[
        (
            A,
            &[
                "are you alone? can I call you",
                "you free for a video call?",
                "camera on? want to see your face",
            ],
        ),
        (
            B,
            &[
                "yeah give me 5 mins",
                "flatmate's in but sure",
                "give me a sec to find my good side {lol}",
            ],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "add me on the other app, this one keeps logging me out",
                "shall we move to {app}?",
            ],
        ),
        (B, &["done", "sure, same name"]),
    ]],
    &[
        &[
            (
                A,
                &["I had a really nice time tonight", "tonight was great"],
            ),
            (B, &["me too. get home ok?", "same 😊 home safe?"]),
            (A, &["yes, taxi dropped me at the door", "yep"]),
        ],
        &[
            (
                A,
                &[
                    "delete that pic, I look awful",
                    "please delete the photo from the bar",
                ],
            ),
            (B, &["never 😂", "fine, deleted"]),
        ],
    ],
];

pub(super) const DATING_AGES_A: &[&str] = &[
    "random q but your profile said {yourage}, I'm {myage} in case you wondered",
    "how old are you btw? I'm {myage}",
    "I'm {myage} by the way, you?",
];

pub(super) const DATING_AGES_B: &[&str] = &[
    "{myage}, so we're fine 😂",
    "I'm {myage}",
    "{myage}! age is just a number anyway lol",
];

pub(super) const GAMER_OPEN: &[Block] = &[&[
    (A, &["gg that last round", "gg", "nice clutch"]),
    (B, &["gg you carried", "ty", "lucky"]),
]];

pub(super) const GAMER_FILLER: &[Block] = &[
    &[
        (A, &["new patch ruined my main", "did u see the update"]),
        (B, &["same, they nerfed everything", "yeah its a mess"]),
    ],
    &[
        (A, &["ranked tonight?", "u on later"]),
        (B, &["yeah {clock}", "after the kids are in bed"]),
        (A, &["bet", "ok"]),
    ],
    &[
        (
            A,
            &[
                "that lobby was full of kids {lol}",
                "why is everyone so toxic today",
            ],
        ),
        (B, &["muted them all", "{lol} every time"]),
    ],
    &[
        (
            A,
            &["need one more for the squad", "{name} is joining later"],
        ),
        (B, &["ill ask my mate", "cool"]),
    ],
    &[(X, &["gg", "{lol}", "ez", "rip", "nice"])],
    &[
        (
            A,
            &[
                "work was long, need to shoot something",
                "finally off shift",
            ],
        ),
        (B, &["same, on in 10", "hop on"]),
    ],
    &[
        (A, &["that last map is cursed", "who designed that boss"]),
        (B, &["worst map in the game", "took us 6 tries {lol}"]),
    ],
];

pub(super) const GAMER_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "add me on discord, easier for voice",
                "we should use discord for voice",
            ],
        ),
        (B, &["whats ur tag", "sure"]),
        (A, &["same as here", "sent"]),
        (B, &["accepted", ""]),
    ]],
    &[&[
        (A, &["send me a pic of ur setup", "pic of the new desk?"]),
        (B, &["<media>"]),
        (A, &["clean 🔥", "jealous"]),
    ]],
    &[&[
        (
            A,
            &[
                "dont tell my wife ive been up till 2 playing",
                "dont tell my partner i bought another skin",
            ],
        ),
        (B, &["{lol} secret's safe", "ha my lips are sealed"]),
    ]],
    &[&[
        (
            A,
            &[
                "ill get u the battle pass if we win this bet",
                "lost the bet, sending u a gift card",
            ],
        ),
        (B, &["deal", "ty"]),
    ]],
];

pub(super) const AGE_ASK: &[&str] = &[
    "how old r u btw",
    "wait how old are you",
    "asl lol",
    "how old are u again",
];

pub(super) const AGE_ANSWER_ASK_BACK: &[&str] = &[
    "{myage}, u?",
    "{myage} lol why",
    "im {myage}, you?",
    "{myage}. you?",
];

pub(super) const AGE_SAME: &[&str] = &["same!!", "{myage} too", "ha same age"];

pub(super) const AGE_TELL: &[&str] = &[
    "{myage}",
    "im {myage}",
    "ha im {myage}",
    "{myage} in a few weeks",
];

pub(super) const COACH_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Evening all. Summer training:\nTuesdays {clock}\nSaturdays {clock2}\nWater and shin pads please",
            "Hi all, welcome to the {club} group! Training {day} at {clock}",
        ],
    ),
    (M, &["👍", "thanks coach"]),
    (M, &["Will do", ""]),
]];

pub(super) const COACH_FILLER: &[Block] = &[
    &[
        (
            A,
            &[
                "reminder: training {day} at {clock}",
                "training is on tonight, {clock}",
            ],
        ),
        (M, &["👍", "thanks"]),
        (M, &["{kid} will be a bit late", ""]),
    ],
    &[
        (
            M,
            &["is it still on with this rain?", "are we training {day}?"],
        ),
        (A, &["yes, indoors", "yes unless it's thunder"]),
    ],
    &[
        (
            M,
            &[
                "can anyone give {kid} a lift {day}?",
                "lift share for {day}?",
            ],
        ),
        (M, &["we can take her", "I've got space for 2"]),
    ],
    &[
        (
            M,
            &[
                "coach can we do penalties on {day}",
                "can we do a match next time",
            ],
        ),
        (A, &["if everyone's on time 😄", "we'll see"]),
    ],
    &[
        (
            A,
            &[
                "well done today everyone, so proud of you all",
                "great effort today team",
            ],
        ),
        (M, &["they loved it", "👏👏"]),
    ],
    &[(M, &["{lol}", "👍", "thanks coach", "brilliant"])],
    &[
        (
            M,
            &[
                "does anyone have spare shin pads?",
                "what size are the club shirts?",
            ],
        ),
        (M, &["we've got a spare pair", "they come up small"]),
    ],
    &[
        (
            A,
            &["fixtures for next month attached", "new fixtures are out"],
        ),
        (A, &["<media>"]),
        (M, &["thanks", "👍"]),
    ],
];

pub(super) const COACH_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "parents, please send me a photo of the signed consent form by {day}",
                "still missing 2 consent forms. please send a photo of it to me or to {name} (welfare officer)",
            ],
        ),
        (M, &["<media>"]),
        (M, &["form for {kid}", "sorry for the delay"]),
        (A, &["thanks", "got it, thanks"]),
    ]],
    &[&[
        (
            A,
            &[
                "minibus leaves from the station car park at {clock}, please be on time",
                "meet at the station at {clock} for the away game",
            ],
        ),
        (M, &["can {kid} be dropped at the ground instead?", "👍"]),
        (A, &["no problem, just let me know on the day", "👍"]),
    ]],
    &[&[
        (
            A,
            &[
                "tonight cancelled, pitch is waterlogged. sorry all",
                "no training {day}, facility closed",
            ],
        ),
        (
            M,
            &["thanks for letting us know", "😩 she's already in her kit"],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "team photo {day}, bring the club hoodie",
                "kit money {money} to me or to {name} please",
            ],
        ),
        (M, &["will do", "sent"]),
    ]],
    &[&[
        (
            A,
            &[
                "please don't post the team photos publicly, some parents haven't consented",
                "if your child is staying late, please make sure someone picks them up",
            ],
        ),
        (M, &["of course", "👍"]),
    ]],
];

pub(super) const WORK_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "send me a pic of the receipt for the taxi so I can claim it",
                "can you send a pic of the receipt please",
                "send me a photo of the delivery note",
            ],
        ),
        (B, &["<media>"]),
        (A, &["got it, thanks", "perfect"]),
    ]],
    &[&[
        (
            A,
            &[
                "meet at the station at {clock} for the site visit",
                "I'll pick you up from the station for the client meeting",
            ],
        ),
        (B, &["ok see you there", "great thanks"]),
    ]],
    &[&[
        (
            A,
            &[
                "don't tell the manager but I'm leaving early",
                "keep it between us, I'm applying elsewhere",
            ],
        ),
        (B, &["lips sealed", "your secret's safe"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete that spreadsheet I sent, wrong version",
                "please delete my last email, sent it to the wrong person",
            ],
        ),
        (B, &["done", "deleted"]),
    ]],
    &[&[
        (
            A,
            &[
                "are you alone in the office? can I call",
                "you free? quick call",
            ],
        ),
        (B, &["yeah ring me", "5 mins"]),
    ]],
];

pub(super) const PARTY_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "ok so about mum's birthday...",
            "right, surprise party planning time 🎉",
            "need your help with something",
        ],
    ),
    (B, &["go on", "omg yes", "what"]),
]];

pub(super) const PARTY_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "DON'T tell mum about the party!!",
                "remember not a word to dad about saturday",
            ],
        ),
        (B, &["i wont!!", "as if"]),
    ]],
    &[&[
        (
            A,
            &[
                "delete these messages in case she picks up your phone",
                "delete this chat after, she reads my phone sometimes",
            ],
        ),
        (B, &["{lol} ok", "done"]),
    ]],
    &[&[
        (
            A,
            &[
                "it's a secret, she can't find out",
                "keep it secret till the day",
            ],
        ),
        (B, &["my lips are sealed 🤐", "obviously"]),
    ]],
    &[&[
        (
            A,
            &[
                "can you get her out of the house at {clock}?",
                "can you keep her busy {day}?",
            ],
        ),
        (B, &["I'll take her to {place}", "leave it with me"]),
    ]],
    &[&[
        (
            A,
            &[
                "send me a pic of the cake when it's ready",
                "send me a pic of the banner",
            ],
        ),
        (B, &["<media>"]),
        (A, &["amazing", "she'll love it"]),
    ]],
    &[&[
        (
            A,
            &[
                "I'll pick you up from the station on {day} and we'll set up",
                "meet me at the station, we'll get the balloons",
            ],
        ),
        (B, &["perfect", "ok what time"]),
    ]],
    &[&[
        (
            A,
            &[
                "chip in {money} for the present?",
                "I got her the necklace, you owe me {money}",
            ],
        ),
        (B, &["sent", "done"]),
    ]],
];

pub(super) const RELATIVE_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hello darling, it's {me} 😊",
            "Hi sweetheart, got this working at last!",
        ],
    ),
    (B, &["hiya", "hi!"]),
]];

pub(super) const RELATIVE_FILLER: &[Block] = &[
    &[
        (A, &["how's school?", "how was your week?"]),
        (B, &["its ok", "good"]),
        (A, &["that's good to hear", "lovely"]),
    ],
    &[
        (A, &["<media>"]),
        (A, &["the garden is looking lovely", "look at {pet}"]),
        (B, &["aw", "nice"]),
    ],
    &[
        (A, &["give my love to your mum", "tell your dad to ring me"]),
        (B, &["ok i will", "ok"]),
    ],
    &[
        (
            A,
            &[
                "how do I do a video call again?",
                "can you see this message?",
            ],
        ),
        (B, &["press the camera button", "yes"]),
    ],
    &[
        (
            A,
            &[
                "what did you have for tea?",
                "are you being good for your mum?",
            ],
        ),
        (B, &["{food}", "yes {lol}"]),
    ],
];

pub(super) const RELATIVE_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "send nan a photo of your certificate!",
                "send me a photo of your school report, your mum says it's great",
            ],
        ),
        (B, &["<media>"]),
        (A, &["so proud of you 😍", "well done darling"]),
    ]],
    &[&[
        (
            A,
            &[
                "I'll send you {money} for a new game, don't tell your mum I sent extra 😉",
                "there's {money} in your card for the holidays, our secret",
            ],
        ),
        (B, &["thank you!!", "thanks so much"]),
    ]],
    &[&[
        (
            A,
            &[
                "when are you coming to visit?",
                "come and stay in the holidays?",
            ],
        ),
        (B, &["mum says {day}", "yes please"]),
        (
            A,
            &[
                "I'll pick you up from the station",
                "I'll meet you off the train",
            ],
        ),
    ]],
    &[&[
        (
            A,
            &[
                "you're so grown up now",
                "you're so mature for your age, your mum must be proud",
            ],
        ),
        (B, &["{lol}", "thanks"]),
    ]],
];

pub(super) const RELATIVE_AGE: &[&str] = &[
    "can't believe you're {yourage} already!",
    "{yourage} next week! what do you want for your birthday?",
];

pub(super) const RELATIVE_AGE_REPLY: &[&str] = &["i know {lol}", "money lol", "idk, a game?"];

pub(super) const SALE_OPEN: &[Block] = &[&[
    (
        A,
        &[
            "Hi, is {item} still for sale?",
            "Hi, saw your advert for {item}, is it still available?",
        ],
    ),
    (B, &["Yes it is", "Hi, yes still available"]),
]];

pub(super) const SALE_FILLER: &[Block] = &[
    &[
        (A, &["what condition is it in?", "any marks or damage?"]),
        (B, &["good, a few scuffs", "like new, barely used"]),
    ],
    &[
        (A, &["would you take {money} less?", "is the price firm?"]),
        (B, &["could do a bit off for cash", "sorry, price is firm"]),
    ],
];

pub(super) const SALE_KEYS: &[&[Block]] = &[
    &[&[
        (
            A,
            &[
                "could you send me a pic of it?",
                "can you send a pic of the back",
            ],
        ),
        (B, &["<media>"]),
        (A, &["looks great", "thanks, that's fine"]),
    ]],
    &[&[
        (
            A,
            &[
                "can we meet at the car park by {place}?",
                "could you meet me at the station?",
            ],
        ),
        (B, &["yeah {day} at {clock}", "sure, when?"]),
        (
            A,
            &[
                "great, just me coming, will bring cash",
                "{day} at {clock}?",
            ],
        ),
    ]],
    &[&[
        (
            B,
            &[
                "delete my address from your phone after please 😅",
                "please don't share my number",
            ],
        ),
        (A, &["of course", "no problem"]),
    ]],
];

// ---------------------------------------------------------------------------------------
// Grooming: an adult (A) and a young person (B); risk through behaviour only
// ---------------------------------------------------------------------------------------

pub(super) const G_OPEN_STRANGER: &[Block] = &[
    &[
        (
            A,
            &[
                "hey its {me} from {game} 😊",
                "hey u the one from the dance vid?",
                "heyy saw ur comment on the video, ur funny",
                "hi its {me}, we met at the bus stop, you dropped your pass",
            ],
        ),
        (
            B,
            &[
                "oh hi",
                "who is this",
                "{lol} thanks",
                "oh hi. thanks for that",
            ],
        ),
        (
            A,
            &[
                "thanks for adding me",
                "{me} 😎 we follow each other",
                "",
                "no worries 😊",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "hiya, its {me} from {game}. thanks for the number, the comments were getting messy",
                "hey, got your number from the group, hope thats ok",
            ],
        ),
        (B, &["hi! yeah no worries", "oh ok hi"]),
    ],
];

pub(super) const G_OPEN_COACH: &[Block] = &[&[
    (
        A,
        &[
            "good session tonight {you}, you ok? you seemed quiet",
            "well played today {you}, proud of you",
        ],
    ),
    (B, &["yeah just tired", "thanks coach"]),
    (
        A,
        &[
            "you know you can talk to me about anything",
            "you're the best on the team, don't tell the others i said that",
        ],
    ),
]];

pub(super) const G_OPEN_TUTOR: &[Block] = &[&[
    (
        A,
        &[
            "well done today, your {subject} is really coming on",
            "great lesson today {you}",
        ],
    ),
    (B, &["thanks", "thank u"]),
    (
        A,
        &[
            "message me anytime if you're stuck, not just homework",
            "you can message me here, easier than through your mum",
        ],
    ),
]];

pub(super) const G_OPEN_FAMILY_FRIEND: &[Block] = &[&[
    (
        A,
        &[
            "hiya {you}, your mum said you've got a new phone, saved my number?",
            "hey {you}, its {me}, your dad gave me your number",
        ],
    ),
    (B, &["hi", "oh hi ye"]),
    (
        A,
        &[
            "you can always talk to me you know",
            "message me if you ever need anything",
        ],
    ),
]];

pub(super) const G_RAPPORT: &[Block] = &[
    &[
        (A, &["what u up to", "wyd", "what are you doing"]),
        (B, &["nothing", "homework", "watching tv"]),
        (
            A,
            &["sounds boring {lol}", "ugh homework", "what u watching"],
        ),
    ],
    &[
        (A, &["did u finish that drawing", "how's the drawing going"]),
        (B, &["yeah", "nearly"]),
        (B, &["<media>", ""]),
        (A, &["wow ur so talented", "the colours!! 😍"]),
    ],
    &[
        (A, &["how was school", "good day?"]),
        (B, &["boring", "not really"]),
        (A, &["what lessons did u have", "how come?"]),
        (B, &["{subject} and pe", "just tired"]),
    ],
    &[
        (A, &["u playing {game} tonight", "on later?"]),
        (B, &["maybe", "if i finish my homework"]),
        (A, &["ill be on at {clock}", "ok"]),
    ],
    &[
        (
            B,
            &["my mum shouted at me again", "my dad kicked off again"],
        ),
        (
            A,
            &[
                "thats rough. what about?",
                "sorry to hear that. what happened?",
            ],
        ),
        (B, &["my room", "school stuff"]),
        (A, &["shes too hard on u", "thats so unfair"]),
    ],
    &[
        (A, &["whats ur fav song atm", "seen {show}?"]),
        (B, &["{song}", "no whats that"]),
        (A, &["good taste", "u should watch it"]),
    ],
    &[
        (A, &["good night {you} x", "night x", "sleep well x"]),
        (B, &["night", ""]),
    ],
    &[
        (A, &["morning 😊", "hope u slept ok"]),
        (B, &["morning", "ye"]),
    ],
    &[
        (
            A,
            &["u get the bus home right?", "what time do u finish school"],
        ),
        (B, &["yeah", "{clock}"]),
        (A, &["thought so", "ok"]),
    ],
    &[(B, &["{lol}", "ok", "ye", "haha"])],
    &[
        (
            A,
            &["how did the {subject} test go", "did u get ur test back"],
        ),
        (B, &["badly {lol}", "a 5"]),
        (A, &["ur smarter than u think", "thats good!"]),
    ],
    &[
        (A, &["whats ur fav food", "what did u have for tea"]),
        (B, &["{food}", "{food}"]),
        (A, &["same!", "nice"]),
    ],
    &[
        (A, &["u been on {game} today", "saw u online earlier"]),
        (B, &["ye for a bit", "ye"]),
        (A, &["u should of messaged me", "why didnt u say hi"]),
    ],
    &[
        (A, &["what u doing at the weekend", "any plans {day}"]),
        (B, &["nothing", "going to my nans"]),
        (A, &["boring {lol}", "have fun"]),
    ],
    &[
        (A, &["did ur friends like the video", "how are ur friends"]),
        (B, &["ye", "ok i guess"]),
    ],
];

pub(super) const G_FLATTERY: &[Block] = &[
    &[
        (
            A,
            &[
                "ur so mature for ur age",
                "u talk like a grown up",
                "ur not like other people ur age",
            ],
        ),
        (B, &["haha thanks", "{lol}", "really?"]),
    ],
    &[
        (
            A,
            &[
                "ur special u know that",
                "ur my favourite person to talk to",
                "talking to u is the best part of my day",
            ],
        ),
        (B, &["aw", "", "thanks"]),
    ],
    &[
        (
            A,
            &[
                "honestly ur more mature than my mates {lol}",
                "i feel like i can tell u anything",
            ],
        ),
        (B, &["haha", "same"]),
    ],
    &[
        (
            A,
            &[
                "u deserve someone who actually listens to u",
                "ur too good for those people",
            ],
        ),
        (B, &["maybe", "idk"]),
    ],
];

pub(super) const G_RISK: &[Block] = &[
    &[
        (A, &["r ur parents home?", "are u alone?", "u alone rn?"]),
        (B, &["yeah mums at work", "my dads downstairs", "yeah"]),
        (A, &["good", "ok message me when hes gone", "ok"]),
    ],
    &[
        (
            A,
            &[
                "who reads ur phone? does ur mum check it?",
                "does anyone check ur phone?",
            ],
        ),
        (B, &["no she doesnt care", "sometimes"]),
        (A, &["good", "ok be careful then"]),
    ],
    &[
        (
            A,
            &[
                "whats ur passcode {lol} just wondering if ur mum knows it",
                "does ur mum know ur password?",
            ],
        ),
        (B, &["why", "no"]),
        (A, &["no reason", "good"]),
    ],
    &[
        (
            A,
            &[
                "what time does ur mum get home",
                "when do ur parents go to bed",
            ],
        ),
        (B, &["like {clock}", "idk late"]),
        (A, &["ok", "message me after"]),
    ],
];

pub(super) const G_ISOLATION: &[Block] = &[
    &[
        (
            A,
            &[
                "ur parents dont get u like i do",
                "ur mum doesnt understand u",
            ],
        ),
        (B, &["yeah", "i guess"]),
    ],
    &[
        (
            A,
            &[
                "ur friends sound so immature tbh",
                "u dont need them, u have me",
            ],
        ),
        (B, &["theyre ok", "maybe"]),
    ],
    &[
        (
            A,
            &[
                "u can tell me anything, they wouldnt understand",
                "only i get u",
            ],
        ),
        (B, &["ok", "i know"]),
    ],
    &[
        (
            B,
            &["my dad says im useless", "nobody listens to me at home"],
        ),
        (
            A,
            &[
                "ur not. he just doesnt get u. not like i do",
                "i listen. always",
            ],
        ),
    ],
];

pub(super) const G_SECRECY: &[Block] = &[
    &[
        (
            A,
            &[
                "dont tell ur mum about me ok",
                "keep this between us yeah",
                "ur my little secret",
            ],
        ),
        (B, &["ok", "why"]),
        (
            A,
            &["she wouldnt understand us", "people wouldnt get it", ""],
        ),
    ],
    &[
        (
            A,
            &[
                "delete this chat before u sleep",
                "delete our messages to be safe",
            ],
        ),
        (B, &["ok", "why"]),
        (A, &["", "just in case"]),
    ],
    &[
        (A, &["its our secret", "dont tell anyone we talk"]),
        (B, &["ok", "i wont"]),
    ],
    &[
        (
            A,
            &[
                "if anyone asks im just a friend from {game}",
                "if ur mum asks say im from school",
            ],
        ),
        (B, &["ok", "{lol} ok"]),
    ],
];

pub(super) const G_IMAGES: &[Block] = &[
    &[
        (
            A,
            &[
                "send me a pic of u",
                "send a pic, wanna see ur face",
                "send me a selfie",
            ],
        ),
        (B, &["why", "idk", "{lol} ok"]),
        (A, &["pleeease just 1", "go on", ""]),
        (B, &["<media>", "no", "<media>"]),
        (
            A,
            &[
                "aw look at u 😍",
                "dont be like that",
                "see that wasnt hard",
            ],
        ),
    ],
    &[
        (
            A,
            &[
                "camera on?",
                "video call? when ur alone",
                "can we video call tonight",
            ],
        ),
        (B, &["maybe later", "i cant mums here", "maybe"]),
        (
            A,
            &[
                "ok later then",
                "tell me when shes gone",
                "ill message u at {clock}",
            ],
        ),
    ],
    &[
        (A, &["send another one", "just 1 more pic"]),
        (B, &["no thats it", "why"]),
        (A, &["ok ok 😂", "dont be like that"]),
    ],
];

pub(super) const G_GIFTS: &[Block] = &[
    &[
        (
            A,
            &[
                "i can top up ur phone if u want",
                "ill get u {gift}",
                "ill send u money for the game, whats ur account",
            ],
        ),
        (B, &["really??", "u dont have to"]),
        (A, &["ofc, ur worth it", "just dont tell anyone i got it u"]),
    ],
    &[
        (
            A,
            &[
                "got u something. those trainers u wanted",
                "bought u {gift}",
            ],
        ),
        (B, &["no way how much were they", "omg"]),
        (A, &["doesnt matter", "ur worth it"]),
    ],
    &[
        (
            A,
            &[
                "i sent u {gift}, check ur account",
                "sent u {money} for the game",
            ],
        ),
        (B, &["omg thank u", "thanks!!"]),
    ],
];

pub(super) const G_PLATFORM: &[Block] = &[&[
    (
        A,
        &[
            "add me on {app} its safer",
            "lets talk on the other app, this one is rubbish",
            "download {app}, messages disappear on there",
        ],
    ),
    (
        B,
        &["whats ur name on it", "ok whats ur name on there", "ok"],
    ),
    (
        A,
        &["same as here", "same as here, add me", "ill send u my name"],
    ),
]];

pub(super) const G_MEETING: &[Block] = &[
    &[
        (A, &["when can we meet", "wanna meet up?"]),
        (B, &["i dont know", "maybe"]),
        (
            A,
            &[
                "i can pick u up from {meet}",
                "ill pick u up from the station",
            ],
        ),
        (A, &["come on ur own tho", "dont bring anyone"]),
        (B, &["ok", "maybe"]),
    ],
    &[
        (
            A,
            &[
                "meet me at {meet} after school, dont tell ur mum where ur going",
                "come to {meet} on {day}, just us",
            ],
        ),
        (B, &["ok", "is anyone else coming"]),
        (A, &["", "nah just us"]),
    ],
    &[
        (
            A,
            &[
                "ill drive u, meet me by the car park not the front",
                "ill wait round the corner so no one sees",
            ],
        ),
        (B, &["ok", ""]),
    ],
    &[
        (
            A,
            &[
                "come round mine after {day}, just us",
                "my place is free {day}, come over",
            ],
        ),
        (B, &["is anyone else coming", "idk"]),
        (
            A,
            &[
                "nah just us, the others would get funny about it",
                "just us",
            ],
        ),
    ],
];

pub(super) const G_THREATS: &[Block] = &[
    &[
        (A, &["why are u ignoring me", "answer me"]),
        (B, &["im busy", ""]),
        (A, &["after everything ive done for u", "dont ignore me"]),
    ],
    &[
        (
            A,
            &[
                "if u stop talking to me ill tell ur mum what uve been doing",
                "ill tell everyone at ur school about us",
            ],
        ),
        (B, &["please dont", "why would u do that"]),
    ],
    &[
        (
            A,
            &[
                "i still have the pics u sent. do what i say or everyone sees them",
                "remember i have ur pics",
            ],
        ),
        (B, &["please stop", ""]),
    ],
    &[
        (A, &["u owe me after the {gift}", "dont make me angry"]),
        (B, &["i didnt ask for it", "sorry"]),
    ],
];

pub(super) const GROOMER_AGE_ASK: &[&str] = &[
    "how old r u?",
    "how old are you?",
    "wat age r u",
    "what year are u in?",
    "asl?",
];

pub(super) const CHILD_AGE_ANSWER: &[&str] = &[
    "{myage}",
    "im {myage}",
    "{myage} why",
    "year {year}",
    "{myage} lol",
];

pub(super) const CHILD_YEAR_ANSWER: &[&str] = &["year {year}", "{year}", "im in year {year}"];

pub(super) const CHILD_AGE_DODGE: &[&str] = &["why", "old enough {lol}", "idk why does it matter"];

pub(super) const GROOMER_AGE_TELL: &[&str] = &[
    "im {myage} but age is just a number",
    "im {myage}, dont let that freak u {lol}",
    "im {myage} hope thats ok",
    "{myage}. ur so mature tho, feels like ur older",
    "im {myage} but we get on so well it doesnt matter",
];

pub(super) const GROOMER_AGE_NONE: &[&str] = &["cool", "nice, ur mature for ur age", "ok 😊"];

pub(super) const GROOMER_CLAIM: &[&str] = &[
    "im {claim} {lol}",
    "{claim} 😎",
    "{claim}, not much older than u",
];

pub(super) const CHILD_AGE_REACT: &[&str] = &["", "", "ok", "{lol}", "oh ok"];

pub(super) const GROOMER_REVEAL: &[&str] = &[
    "ok dont be mad but im actually {myage}. age is just a number right?",
    "gotta tell u something. im not {claim}, im {myage}. doesnt change anything does it",
];

pub(super) const CHILD_REVEAL_REACT: &[&str] = &["oh", "wait what", "ok", "thats old {lol}"];
