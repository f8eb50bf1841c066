//! How bytes become text for every text reader (issue 14): invalid UTF-8 never costs a
//! file. Each maximal invalid sequence becomes one U+FFFD, exactly as
//! `String::from_utf8_lossy` replaces it, whether the file is repaired whole (`repair`,
//! used by `parse_as` before any text parser runs) or decoded while it is streamed
//! (`Lossy`, used by the two-pass JSONL/CSV reader), so both readers see the same text.
//! The replaced bytes are counted per file and stated as an assumption (`Repair::note`).
//!
//! It never changes what is hashed: the evidence hash is always of the original bytes,
//! taken before decoding. It does not know any format.

use std::io::{self, Read};

/// What decoding replaced in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Repair {
    /// Invalid bytes replaced (each run of them by one U+FFFD).
    pub bytes: u64,
    /// The 1-based line of the first one.
    pub first_line: u64,
}

impl Repair {
    /// The assumption line (without the file name) for a file with replaced bytes.
    pub fn note(&self) -> String {
        format!(
            "{} byte(s) that are not valid UTF-8 (the first on line {}) were read as U+FFFD (\u{FFFD}); the recorded SHA-256 is of the original bytes",
            self.bytes, self.first_line
        )
    }
}

/// The decoding state shared by `repair` and `Lossy`.
#[derive(Default)]
struct Decoder {
    repair: Repair,
    newlines: u64,
}

impl Decoder {
    /// Decodes `data` onto `out`; returns how many bytes were consumed. Without `eof`, a
    /// sequence cut by the end of `data` is left unconsumed (at most 3 bytes).
    fn step(&mut self, mut data: &[u8], eof: bool, out: &mut Vec<u8>) -> usize {
        let start = data.len();
        loop {
            match std::str::from_utf8(data) {
                Ok(_) => {
                    self.valid(data, out);
                    return start;
                }
                Err(e) => {
                    let (valid, rest) = data.split_at(e.valid_up_to());
                    self.valid(valid, out);
                    let bad = match e.error_len() {
                        Some(n) => n,
                        None if eof => rest.len(),
                        None => return start - rest.len(),
                    };
                    if self.repair.bytes == 0 {
                        self.repair.first_line = self.newlines + 1;
                    }
                    self.repair.bytes += bad as u64;
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    data = &rest[bad..];
                }
            }
        }
    }

    fn valid(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.repair.bytes == 0 {
            self.newlines += data.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        out.extend_from_slice(data);
    }
}

/// The bytes as valid UTF-8, when they were not: the repaired bytes and what was replaced.
pub fn repair(bytes: &[u8]) -> Option<(Vec<u8>, Repair)> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut decoder = Decoder::default();
    let mut out = Vec::with_capacity(bytes.len() + 16);
    decoder.step(bytes, true, &mut out);
    Some((out, decoder.repair))
}

/// A reader giving valid UTF-8 from any bytes, as `repair` would give them.
pub struct Lossy<R> {
    inner: R,
    decoder: Decoder,
    /// Decoded bytes not yet handed out, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The start of a character cut by the end of the last read.
    pending: Vec<u8>,
    eof: bool,
}

impl<R: Read> Lossy<R> {
    pub fn new(inner: R) -> Self {
        Lossy {
            inner,
            decoder: Decoder::default(),
            out: Vec::new(),
            at: 0,
            pending: Vec::new(),
            eof: false,
        }
    }

    /// What was replaced so far (all of it, once the reader is at its end).
    pub fn repair(&self) -> Repair {
        self.decoder.repair
    }
}

impl<R: Read> Read for Lossy<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.eof {
                return Ok(0);
            }
            self.out.clear();
            self.at = 0;
            let mut chunk = std::mem::take(&mut self.pending);
            let have = chunk.len();
            chunk.resize(have + (64 << 10), 0);
            let n = loop {
                match self.inner.read(&mut chunk[have..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other?,
                }
            };
            chunk.truncate(have + n);
            self.eof = n == 0;
            let used = self.decoder.step(&chunk, self.eof, &mut self.out);
            self.pending = chunk.split_off(used);
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read, to cut every character.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.is_empty()) {
                (Some((&b, rest)), false) => {
                    buf[0] = b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn repair_and_the_streamed_reader_replace_as_from_utf8_lossy() {
        let smile = "\u{1F600}".as_bytes();
        let cases: Vec<(Vec<u8>, Repair)> = vec![
            (b"".to_vec(), Repair::default()),
            (b"\xEF\xBB\xBFa\nb\n".to_vec(), Repair::default()),
            ([b"a\n\n", smile].concat(), Repair::default()),
            (
                b"\xEF\xBB".to_vec(),
                Repair {
                    bytes: 2,
                    first_line: 1,
                },
            ),
            (
                [b"a\n", &smile[..2]].concat(),
                Repair {
                    bytes: 2,
                    first_line: 2,
                },
            ),
            (
                [b"a\n", &smile[..2], b"\nb\xFF"].concat(),
                Repair {
                    bytes: 3,
                    first_line: 2,
                },
            ),
            (
                b"x\n\xFF\n".to_vec(),
                Repair {
                    bytes: 1,
                    first_line: 2,
                },
            ),
            (
                b"x\ny\xC0\x80".to_vec(),
                Repair {
                    bytes: 2,
                    first_line: 2,
                },
            ),
            (
                b"\xE2\x82\n".to_vec(),
                Repair {
                    bytes: 2,
                    first_line: 1,
                },
            ),
            (
                b"\xED\xA0\x80".to_vec(),
                Repair {
                    bytes: 3,
                    first_line: 1,
                },
            ),
        ];
        for (bytes, want) in cases {
            let lossy = String::from_utf8_lossy(&bytes).into_owned().into_bytes();
            match repair(&bytes) {
                Some((fixed, got)) => {
                    assert_eq!(fixed, lossy, "{bytes:?}");
                    assert_eq!(got, want, "{bytes:?}");
                }
                None => assert_eq!(want, Repair::default(), "{bytes:?}"),
            }
            for trickle in [true, false] {
                let mut out = Vec::new();
                let mut reader = if trickle {
                    Lossy::new(Box::new(Trickle(&bytes)) as Box<dyn Read>)
                } else {
                    Lossy::new(Box::new(&bytes[..]) as Box<dyn Read>)
                };
                reader.read_to_end(&mut out).unwrap();
                assert_eq!(out, lossy, "{bytes:?} trickle {trickle}");
                assert_eq!(reader.repair(), want, "{bytes:?} trickle {trickle}");
            }
        }
    }
}
