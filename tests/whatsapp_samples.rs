//! WhatsApp sample exports parse with the expected counts (being written).
