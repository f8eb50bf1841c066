//! Shared helpers for the JSON export readers (Telegram, Discord, Messenger): a bounded
//! head for content detection, file-level errors that name the line, and a sparse record
//! reader that keeps only the keys a reader uses.

use super::{Source, strip_bom, utf8};
use crate::error::InputError;
use serde::Deserialize;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// How much of a file `looks_like` inspects.
pub use super::SNIFF_BYTES;

/// The first `SNIFF_BYTES` of a file as text: BOM dropped, invalid UTF-8 replaced (a
/// character cut at the end becomes U+FFFD).
pub fn head<'a>(source: &Source<'a>) -> Cow<'a, str> {
    let bytes = strip_bom(source.bytes);
    String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)])
}

/// True when the text starts (after whitespace) a JSON object.
pub fn is_object(head: &str) -> bool {
    head.trim_start().starts_with('{')
}

/// Calls `found` with what follows each `"key":` in `head` (whitespace after the colon
/// skipped) until it returns true. A quote preceded by a backslash is inside a string
/// and does not count. Good enough to sniff a format, not a JSON parser.
fn any_value(head: &str, key: &str, mut found: impl FnMut(&str) -> bool) -> bool {
    let quoted = format!("\"{key}\"");
    let mut from = 0;
    while let Some(i) = head[from..].find(&quoted) {
        let at = from + i;
        from = at + quoted.len();
        if head[..at].ends_with('\\') {
            continue;
        }
        if let Some(rest) = head[from..].trim_start().strip_prefix(':')
            && found(rest.trim_start())
        {
            return true;
        }
    }
    false
}

/// True when `key` stands as an object key in `head`.
pub fn has_key(head: &str, key: &str) -> bool {
    any_value(head, key, |_| true)
}

/// True when `key` stands in `head` with one of the string `values`.
pub fn has_value(head: &str, key: &str, values: &[&str]) -> bool {
    any_value(head, key, |rest| {
        let Some(rest) = rest.strip_prefix('"') else {
            return false;
        };
        values
            .iter()
            .any(|v| rest.strip_prefix(v).is_some_and(|r| r.starts_with('"')))
    })
}

/// Reads a whole file as one JSON object of type `T`, or says where the JSON breaks.
pub fn from_source<T: DeserializeOwned>(source: &Source, what: &str) -> Result<T, InputError> {
    let text = utf8(source)?;
    if !is_object(text) {
        return Err(InputError::new(
            source.display,
            Some(1),
            format!("not a {what}: the file is not a JSON object; file skipped"),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let line = (e.line() > 0).then_some(e.line() as u64);
        let why = match e.classify() {
            serde_json::error::Category::Eof => "the JSON ends early (truncated file?)",
            serde_json::error::Category::Syntax => "invalid JSON",
            serde_json::error::Category::Data => "unexpected JSON shape",
            serde_json::error::Category::Io => "read error",
        };
        InputError::new(source.display, line, format!("{why}: {e}; file skipped"))
    })
}

/// A string or number as a string (ids are written either way).
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What a JSON value is, in words for an error message.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The keys a reader keeps from each record.
pub trait Keys {
    const KEYS: &'static [&'static str];
}

/// One record of a `messages` array, read sparsely: the values of `K::KEYS`, with every
/// other key skipped without being kept, so a large export never sits in memory as a
/// whole `Value` tree. A record that is not an object still reads (as `not_object`), so
/// one bad record never fails the file.
pub struct Sparse<K> {
    values: Vec<Option<Value>>,
    /// What the record was when it was not an object ("a string", "an array", ...).
    pub not_object: Option<&'static str>,
    keys: PhantomData<K>,
}

impl<K: Keys> Sparse<K> {
    fn other(shape: &'static str) -> Self {
        Sparse {
            values: Vec::new(),
            not_object: Some(shape),
            keys: PhantomData,
        }
    }

    /// The value of `key` (one of `K::KEYS`); JSON `null` counts as missing.
    pub fn field(&self, key: &str) -> Option<&Value> {
        let i = K::KEYS.iter().position(|k| *k == key)?;
        self.values.get(i)?.as_ref().filter(|v| !v.is_null())
    }
}

impl<'de, K: Keys> Deserialize<'de> for Sparse<K> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SparseVisitor(PhantomData))
    }
}

struct SparseVisitor<K>(PhantomData<K>);

impl<'de, K: Keys> Visitor<'de> for SparseVisitor<K> {
    type Value = Sparse<K>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a message record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sparse<K>, A::Error> {
        let mut values = vec![None; K::KEYS.len()];
        while let Some(slot) = map.next_key_seed(KeySlot(K::KEYS))? {
            match slot {
                Some(i) => values[i] = Some(map.next_value::<Value>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Sparse {
            values,
            not_object: None,
            keys: PhantomData,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sparse<K>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Sparse::other("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Sparse<K>, E> {
        Ok(Sparse::other("null"))
    }
}

/// Deserialises an object key into its index in the kept keys (`None`: skip it),
/// without allocating the key.
struct KeySlot(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySlot {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySlot {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| *k == v))
    }
}
