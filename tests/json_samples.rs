//! JSON-export samples (Telegram, Discord, Messenger, Instagram) and Signal (being written).
