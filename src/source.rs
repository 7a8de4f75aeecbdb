//! Source files and byte spans.
//!
//! Every node of the model points back into a [`SourceFile`] through a [`Span`]: a byte range
//! plus the file's id. Line and column are computed on demand from the byte offset; columns
//! count Unicode scalar values, starting at 1, as editors and SARIF expect.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Index of a file in a [`crate::Report`]'s file list.
pub type FileId = u32;

/// A byte range `[start, end)` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value together with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A file's path (as given or found, for display) and its text.
///
/// Once a file has been checked its text can be let go ([`SourceFile::evict`]): the file
/// keeps its line starts and the few lines that are not plain ASCII, which is all that
/// [`SourceFile::line_col`] needs, so a run holds a few bytes per line, not whole files.
/// Reporters that print source snippets read evicted files again ([`SourceFile::read_back`],
/// [`SourceFile::restore`]), and notice when one has changed since.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as shown in reports: relative, `/`-separated.
    pub name: String,
    /// Empty once evicted.
    pub text: String,
    line_starts: Vec<u32>,
    /// The text's length in bytes (kept when the text is evicted).
    len: usize,
    /// Set by [`SourceFile::evict`]: (line index, text) of each line that is not plain
    /// ASCII or starts with a byte-order mark, where columns are not byte offsets.
    evicted: Option<Box<[WideLine]>>,
    /// Set by [`SourceFile::evict`] when every line is shorter than 256 bytes (as in forms):
    /// in place of `line_starts`, about a quarter of the size.
    short_lines: Option<ShortLines>,
    /// A hash of the text, so that [`SourceFile::restore`] notices a file that changed.
    digest: u64,
}

/// A line index and the line's text.
type WideLine = (u32, Box<str>);

/// Lines per mark of [`ShortLines`].
const MARK: usize = 16;

/// A line table of a byte per line: each line's length, and the start of every [`MARK`]th
/// line, so a lookup scans at most [`MARK`] lengths.
#[derive(Debug, Clone)]
struct ShortLines {
    lengths: Box<[u8]>,
    /// `marks[k]`: where line `k * MARK` starts.
    marks: Box<[u32]>,
}

impl ShortLines {
    /// From a full table of line starts, if every line is under 256 bytes.
    fn new(starts: &[u32]) -> Option<ShortLines> {
        // Sized at once: collecting into an `Option` would grow it from nothing.
        let mut lengths = Vec::with_capacity(starts.len().saturating_sub(1));
        for w in starts.windows(2) {
            lengths.push(u8::try_from(w[1] - w[0]).ok()?);
        }
        let marks = starts.iter().step_by(MARK).copied().collect();
        Some(ShortLines {
            lengths: lengths.into_boxed_slice(),
            marks,
        })
    }

    fn count(&self) -> usize {
        self.lengths.len() + 1
    }

    /// Where line index `i` starts.
    fn start(&self, i: usize) -> Option<usize> {
        if i >= self.count() {
            return None;
        }
        let k = i / MARK;
        let base = *self.marks.get(k)? as usize;
        let within: usize = self.lengths[k * MARK..i]
            .iter()
            .map(|&n| usize::from(n))
            .sum();
        Some(base + within)
    }

    /// The index and start of the line holding `offset`.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let k = match self.marks.binary_search(&clamp(offset)) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        };
        let from = (k * MARK, self.marks.get(k).map_or(0, |&m| m as usize));
        self.forward(offset, from, usize::MAX).unwrap_or(from)
    }

    /// The index and start of the line holding `offset`, walked to from line index `line`
    /// that starts at `start` (at or before `offset`); None past `steps` lines.
    fn forward(
        &self,
        offset: usize,
        (mut line, mut start): (usize, usize),
        steps: usize,
    ) -> Option<(usize, usize)> {
        for _ in 0..steps {
            match self.lengths.get(line) {
                Some(&n) if start + usize::from(n) <= offset => {
                    start += usize::from(n);
                    line += 1;
                }
                _ => return Some((line, start)),
            }
        }
        None
    }
}

impl SourceFile {
    pub fn new(path: &Path, text: String) -> SourceFile {
        let mut file = SourceFile {
            name: display_path(path),
            path: path.to_path_buf(),
            len: 0,
            text: String::new(),
            line_starts: vec![0],
            evicted: None,
            short_lines: None,
            digest: 0,
        };
        // An empty text's line table is the one above (most files are made empty, their
        // text given once read).
        if !text.is_empty() {
            file.set_text(text);
        }
        file
    }

    /// Gives the file (new) text, keeping its path and display name.
    pub fn set_text(&mut self, text: String) {
        self.line_starts = line_starts(&text);
        self.len = text.len();
        self.text = text;
        self.evicted = None;
        self.short_lines = None;
        self.digest = 0;
    }

    /// Lets go of the text, keeping what [`SourceFile::line_col`] needs.
    pub fn evict(&mut self) {
        if self.evicted.is_some() {
            return;
        }
        let lines = if self.text.is_ascii() {
            0
        } else {
            self.line_starts.len()
        };
        let wide: Vec<WideLine> = (0..lines)
            .filter_map(|i| {
                let t = self.raw_line(i);
                (!t.is_ascii()).then(|| (clamp(i), t.into()))
            })
            .collect();
        self.digest = digest(&self.text);
        self.evicted = Some(wide.into_boxed_slice());
        self.text = String::new();
        match ShortLines::new(&self.line_starts) {
            Some(short) => {
                self.short_lines = Some(short);
                self.line_starts = Vec::new();
            }
            // Collected without knowing the count: up to half of it is spare room.
            None => self.line_starts.shrink_to_fit(),
        }
    }

    /// Number of line starts (lines, counting the one after a final line break).
    pub fn line_count(&self) -> usize {
        match &self.short_lines {
            Some(short) => short.count(),
            None => self.line_starts.len(),
        }
    }

    /// Index of the line holding byte `offset` (at most the text's length), and its start.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        if let Some(short) = &self.short_lines {
            return short.line_of(offset);
        }
        let line = match self.line_starts.binary_search(&clamp(offset)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        (line, self.line_starts[line] as usize)
    }

    /// Whether the text was let go.
    pub fn is_evicted(&self) -> bool {
        self.evicted.is_some()
    }

    /// Reads an evicted file again (for source snippets). False when it cannot be read or no
    /// longer holds the text that was checked; the file then stays evicted.
    pub fn restore(&mut self) -> bool {
        if self.evicted.is_none() {
            return true;
        }
        match self.read_back() {
            Some(text) => {
                // The line table comes back whole too.
                self.set_text(text);
                true
            }
            None => false,
        }
    }

    /// The text of an evicted file, read from disk, if it is still the text that was checked.
    pub fn read_back(&self) -> Option<String> {
        let bytes = std::fs::read(&self.path).ok()?;
        decode(bytes, !is_rust(&self.path))
            .ok()
            .filter(|text| text.len() == self.len && digest(text) == self.digest)
    }

    /// The bytes of line index `i` (0-based), line break included; only before eviction.
    fn raw_line(&self, i: usize) -> &str {
        let start = self.line_starts.get(i).map_or(self.len, |&s| s as usize);
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.len, |&s| s as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// 1-based line and column of a byte offset. Columns count characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let (line, start) = self.line_of(offset);
        self.column(offset, line, start)
    }

    /// [`SourceFile::line_col`] of both ends of a range: the end is looked for from the
    /// start's line (most ranges end on it), not looked up afresh.
    pub fn range_line_cols(&self, start: usize, end: usize) -> ((usize, usize), (usize, usize)) {
        let start = start.min(self.len);
        let end = end.min(self.len);
        let first = self.line_of(start);
        let last = if end < start {
            self.line_of(end)
        } else {
            self.line_from(end, first)
        };
        (
            self.column(start, first.0, first.1),
            self.column(end, last.0, last.1),
        )
    }

    /// [`SourceFile::line_of`] `offset`, from a line (index, start) at or before it: in a
    /// byte-per-line table, walked to when a few lines on, else looked up (a full table's
    /// lookup is a binary search anyway).
    fn line_from(&self, offset: usize, from: (usize, usize)) -> (usize, usize) {
        match &self.short_lines {
            Some(short) => short
                .forward(offset, from, MARK)
                .unwrap_or_else(|| short.line_of(offset)),
            None => self.line_of(offset),
        }
    }

    /// 1-based line and column of `offset`, on line index `line` that starts at `start`.
    fn column(&self, offset: usize, line: usize, start: usize) -> (usize, usize) {
        let text = match &self.evicted {
            None => self.text.get(start..offset),
            Some(wide) => match wide.binary_search_by_key(&clamp(line), |(l, _)| *l) {
                Ok(i) => wide[i].1.get(..offset - start),
                // A plain ASCII line: a byte is a column.
                Err(_) => return (line + 1, offset - start + 1),
            },
        };
        let col = text
            // A byte-order mark is not a column editors count.
            .map(|s| s.strip_prefix('\u{feff}').unwrap_or(s))
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Bytes of the byte-order mark the text starts with (3 in UTF-8), or 0; evicted or not.
    pub fn bom_len(&self) -> usize {
        let first = match &self.evicted {
            None => Some(self.text.as_str()),
            // A line that starts with a mark is not plain ASCII: it is kept.
            Some(wide) => wide.first().filter(|(l, _)| *l == 0).map(|(_, t)| &**t),
        };
        if first.is_some_and(|t| t.starts_with('\u{feff}')) {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// Byte offset where line index `i` (0-based) starts.
    pub fn line_start(&self, i: usize) -> Option<usize> {
        match &self.short_lines {
            Some(short) => short.start(i),
            None => self.line_starts.get(i).map(|&s| s as usize),
        }
    }

    /// The text's length in bytes, evicted or not.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text of a 1-based line, without its line break ("" once evicted).
    pub fn line_text(&self, line: usize) -> &str {
        self.raw_line(line.wrapping_sub(1))
            .trim_end_matches(['\n', '\r'])
    }
}

/// 0, then the offset just after each line end: `\n`, `\r\n`, or a `\r` alone (as YAML reads
/// an old Mac file's lines).
fn line_starts(text: &str) -> Vec<u32> {
    let b = text.as_bytes();
    // Lines of forms are short: guess a line per 24 bytes rather than grow from nothing (a
    // line per 32 was too few for most of the bench's forms: their tables grew once each).
    let mut starts = Vec::with_capacity(text.len() / 24 + 1);
    starts.push(0);
    if memchr::memchr(b'\r', b).is_none() {
        starts.extend(memchr::memchr_iter(b'\n', b).map(|i| clamp(i + 1)));
    } else {
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', b)
                .filter(|&i| !(b[i] == b'\r' && b.get(i + 1) == Some(&b'\n')))
                .map(|i| clamp(i + 1)),
        );
    }
    starts
}

/// Each line of `text` with where it starts, without its line end (`\n`, `\r\n` or a lone
/// `\r`, as [`SourceFile`]'s line table counts them).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let starts = line_starts(text);
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|&s| s as usize)
        .chain(std::iter::once(text.len()))
        .collect();
    starts.into_iter().zip(ends).map(move |(start, end)| {
        let line = text.get(start as usize..end).unwrap_or("");
        (start as usize, line.trim_end_matches(['\n', '\r']))
    })
}

/// Whether `bytes` (with NUL bytes, no byte-order mark) look like UTF-16 text: an even
/// length, and in the first 256 bytes the zero bytes of two-byte units all high bytes of one
/// byte order (those of the ASCII characters, spaces, line breaks and punctuation of every
/// format read, and of Latin-1 letters such as `é`), in a quarter of the units and four at
/// least, and no unit zero (a NUL). Binary files have zero bytes in both places; a text with
/// a stray NUL byte has one.
fn bare_utf16(bytes: &[u8]) -> bool {
    if bytes.len() % 2 != 0 {
        return false;
    }
    let units = bytes[..bytes.len().min(256)].chunks_exact(2);
    let n = units.len();
    let (mut low, mut high) = (0, 0);
    for u in units {
        match (u[0], u[1]) {
            (0, 0) => return false,
            (0, _) => low += 1,
            (_, 0) => high += 1,
            _ => {}
        }
    }
    // Little-endian text has its zeros second, big-endian first; never both.
    let zeros = match (low, high) {
        (0, z) | (z, 0) => z,
        _ => return false,
    };
    zeros >= 4 && zeros * 4 >= n
}

/// How a file's text is encoded, by its byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16 { big: bool },
    Utf32 { big: bool },
}

impl Encoding {
    fn of(bytes: &[u8]) -> Encoding {
        // UTF-32LE's mark starts as UTF-16LE's does: looked for first, as YAML 1.2's
        // table of marks orders them (a UTF-16 text does not start with U+0000).
        match bytes {
            [0, 0, 0xFE, 0xFF, ..] => Encoding::Utf32 { big: true },
            [0xFF, 0xFE, 0, 0, ..] => Encoding::Utf32 { big: false },
            [0xFE, 0xFF, ..] => Encoding::Utf16 { big: true },
            [0xFF, 0xFE, ..] => Encoding::Utf16 { big: false },
            _ => Encoding::Utf8,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16 { big: true } => "UTF-16BE",
            Encoding::Utf16 { big: false } => "UTF-16LE",
            Encoding::Utf32 { big: true } => "UTF-32BE",
            Encoding::Utf32 { big: false } => "UTF-32LE",
        }
    }
}

/// Whether `path` names a Rust source file (UTF-8 only, as rustc reads it).
pub fn is_rust(path: &Path) -> bool {
    extension(path).is_some_and(|e| e.eq_ignore_ascii_case("rs"))
}

/// A file's text from its bytes: UTF-8, or UTF-16 or UTF-32 that starts with a byte-order
/// mark, when `wide` (YAML 1.2 requires a YAML reader to take UTF-16 and UTF-32, and Windows
/// PowerShell 5 writes UTF-16 with a mark from `Out-File` and `>`: a vendor export saved so
/// is read). Decoded text keeps its mark, as U+FEFF, so that columns are counted as in a
/// UTF-8 file that starts with one. The error says why the bytes are not text (binary, not
/// UTF-8 at an offset, UTF-16 without a mark, ...).
pub fn decode(bytes: Vec<u8>, wide: bool) -> Result<String, String> {
    let encoding = Encoding::of(&bytes);
    let text = match encoding {
        Encoding::Utf8 => {
            if bytes.contains(&0) {
                return Err(if bare_utf16(&bytes) {
                    "UTF-16 text without a byte-order mark: save it as UTF-8 (or as UTF-16 with a mark)"
                        .to_string()
                } else {
                    "binary file (it contains NUL bytes)".to_string()
                });
            }
            return String::from_utf8(bytes).map_err(|e| {
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                )
            });
        }
        _ if !wide => {
            return Err(format!(
                "{} text: a Rust source file is UTF-8 (rustc reads no other encoding)",
                encoding.name()
            ))
        }
        Encoding::Utf16 { big } => {
            if bytes.len() % 2 != 0 {
                return Err(format!(
                    "not {} text (it ends in the middle of a character)",
                    encoding.name()
                ));
            }
            let units = bytes.chunks_exact(2).map(|c| {
                let pair = [c[0], c[1]];
                if big {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            let mut text = String::with_capacity(bytes.len() * 3 / 2);
            // Byte offset of each unit: a surrogate pair is two.
            let mut at = 0;
            for c in char::decode_utf16(units) {
                let Ok(c) = c else {
                    return Err(format!(
                        "not {} text (a lone surrogate at byte offset {at})",
                        encoding.name()
                    ));
                };
                text.push(c);
                at += c.len_utf16() * 2;
            }
            text
        }
        Encoding::Utf32 { big } => {
            if bytes.len() % 4 != 0 {
                return Err(format!(
                    "not {} text (it ends in the middle of a character)",
                    encoding.name()
                ));
            }
            let mut text = String::with_capacity(bytes.len());
            for (i, c) in bytes.chunks_exact(4).enumerate() {
                let quad = [c[0], c[1], c[2], c[3]];
                let n = if big {
                    u32::from_be_bytes(quad)
                } else {
                    u32::from_le_bytes(quad)
                };
                let Some(c) = char::from_u32(n) else {
                    return Err(format!(
                        "not {} text (no character at byte offset {})",
                        encoding.name(),
                        i * 4
                    ));
                };
                text.push(c);
            }
            text
        }
    };
    if text.contains('\0') {
        return Err(format!(
            "binary file ({} text that contains NUL characters)",
            encoding.name()
        ));
    }
    Ok(text)
}

fn digest(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(text)
}

/// [`Path::file_name`], read straight off the text after the path's last `/` where that
/// plainly is the name (neither empty nor `.` nor `..`): std walks the path's components
/// from its end for it, about a hundred instructions, and a check asks it of each file's
/// path a dozen times (its extension, its stem, which format it is).
pub fn file_name(path: &Path) -> Option<&OsStr> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        let name = memchr::memrchr(b'/', bytes).map_or(bytes, |i| &bytes[i + 1..]);
        if !matches!(name, b"" | b"." | b"..") {
            return Some(OsStr::from_bytes(name));
        }
    }
    path.file_name()
}

/// The name of the folder `path` is in ([`Path::parent`]'s [`Path::file_name`]), by
/// [`file_name`].
pub fn folder_name(path: &Path) -> Option<&OsStr> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Some(i) = memchr::memrchr(b'/', bytes) {
            // Past a plain name, the parent is the text before it (separators and `.` at its
            // end are passed over by `file_name`, as `parent` passes over them).
            if !matches!(&bytes[i + 1..], b"" | b"." | b"..") {
                return file_name(Path::new(OsStr::from_bytes(&bytes[..i])));
            }
        }
    }
    path.parent().and_then(Path::file_name)
}

/// [`Path::extension`], by [`file_name`].
#[cfg(unix)]
pub fn extension(path: &Path) -> Option<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    let name = file_name(path)?.as_bytes();
    // A name that starts with its only dot (`.json`) has none.
    match memchr::memrchr(b'.', name) {
        Some(dot) if dot > 0 => Some(OsStr::from_bytes(&name[dot + 1..])),
        _ => None,
    }
}

#[cfg(not(unix))]
pub fn extension(path: &Path) -> Option<&OsStr> {
    path.extension()
}

/// [`Path::file_stem`], by [`file_name`].
#[cfg(unix)]
pub fn file_stem(path: &Path) -> Option<&OsStr> {
    use std::os::unix::ffi::OsStrExt;
    let name = file_name(path)?.as_bytes();
    Some(match memchr::memrchr(b'.', name) {
        Some(dot) if dot > 0 => OsStr::from_bytes(&name[..dot]),
        _ => OsStr::from_bytes(name),
    })
}

#[cfg(not(unix))]
pub fn file_stem(path: &Path) -> Option<&OsStr> {
    path.file_stem()
}

/// Shows a path the way users typed it, with `/` separators and no leading `./`; an absolute
/// path inside the current folder is shown relative to it.
pub fn display_path(path: &Path) -> String {
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let relative = if path.is_absolute() {
        CWD.get_or_init(|| std::env::current_dir().ok())
            .as_ref()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
    } else {
        None
    };
    let path = relative.as_deref().unwrap_or(path);
    let s = match path.to_str().map(slashed) {
        Some(s) if !s.contains(|c: char| c == '\\' || (c.is_control() && c != '\t')) => {
            s.into_owned()
        }
        _ => escaped(path.as_os_str().as_encoded_bytes()),
    };
    match s.strip_prefix("./") {
        // The current folder itself (its absolute path, made relative).
        Some("") => ".".to_string(),
        Some(rest) => rest.to_string(),
        None if s.is_empty() => ".".to_string(),
        // Most names: the text made above, not a copy of it.
        None => s,
    }
}

/// `s` with Windows' path separators as `/`. Elsewhere a backslash is part of a file's name
/// (`a\b.yaml` is not `a/b.yaml`), and stays.
pub fn slashed(s: &str) -> std::borrow::Cow<'_, str> {
    if std::path::MAIN_SEPARATOR == '\\' && s.contains('\\') {
        std::borrow::Cow::Owned(s.replace('\\', "/"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A path that is not UTF-8, or holds a backslash or a control character, written so that
/// no two names read as one: `/`-separated, each byte that is not part of a character as
/// `\xNN` (U+FFFD would make `caf\xE9` and `caf\xE8` one name in reports and baselines), a
/// line break as `\n` or `\r`, another control character (not a tab) as `\xNN`, and a
/// backslash as `\\` (so a file named `caf\xE9.yaml` is not the one whose name is not UTF-8).
fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in slashed(chunk.valid()).chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() && c != '\t' => {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\x{b:02X}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-16 without a mark is told by where its zero bytes are, whatever its first
    /// characters; binary files and UTF-8 with a stray NUL are not taken for it.
    #[test]
    fn bare_utf16_is_told_from_binary() {
        let le = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_le_bytes).collect() };
        let be = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_be_bytes).collect() };
        for text in [
            "name: Help\n",
            "é: 1\nb: 2\n",
            "имя: Иван\nвозраст: 30\nгород: Москва\n",
            "名前: 太郎\n年齢: 30\n",
            "{\"a\": 1}",
        ] {
            assert!(bare_utf16(&le(text)), "{text:?} LE");
            assert!(bare_utf16(&be(text)), "{text:?} BE");
        }
        let mut png = vec![0x89, b'P', b'N', b'G', 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend(b"IHDR\0\0\x01\0\0\0\x01\0");
        for bytes in [
            png,
            b"a\0b: c\n".to_vec(),
            b"a\0b: cd\n".to_vec(),
            le("a: \0\n"),
            [le("key: value\n"), be("key: value\n")].concat(),
        ] {
            assert!(!bare_utf16(&bytes), "{bytes:?}");
        }
    }

    /// No two paths are shown as one name: a name that is not UTF-8, or holds a backslash or
    /// a control character, is escaped, its backslashes too.
    #[cfg(unix)]
    #[test]
    fn shown_names_are_told_apart() {
        use std::os::unix::ffi::OsStrExt as _;
        let shown = |b: &[u8]| display_path(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(shown(b"caf\xE9.yaml"), "caf\\xE9.yaml");
        assert_eq!(shown(b"caf\\xE9.yaml"), "caf\\\\xE9.yaml");
        assert_eq!(shown(b"new\nline.yaml"), "new\\nline.yaml");
        assert_eq!(shown(b"new\\nline.yaml"), "new\\\\nline.yaml");
        assert_eq!(shown(b"bell\x07.yaml"), "bell\\x07.yaml");
        assert_eq!(shown(b"tab\tname.yaml"), "tab\tname.yaml");
        assert_eq!(shown(b"./forms/a b.yaml"), "forms/a b.yaml");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(display_path(&cwd), ".");
    }

    /// Lines end at LF, CR LF and a lone CR, in the line table and in [`lines`] alike.
    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let text = "a: 1\rb: é\r\rc\r\nd";
        let f = SourceFile::new(Path::new("x.yaml"), text.to_string());
        assert_eq!(f.line_count(), 5);
        assert_eq!(f.line_col(text.find('d').unwrap()), (5, 1));
        assert_eq!(f.line_col(text.find('b').unwrap()), (2, 1));
        let got: Vec<(usize, &str)> = lines(text).collect();
        assert_eq!(
            got,
            [(0, "a: 1"), (5, "b: é"), (11, ""), (12, "c"), (15, "d")]
        );
    }

    /// A path's name, extension and stem are std's, whatever the path.
    #[test]
    fn names_of_paths_are_std_names() {
        for p in [
            "",
            ".",
            "..",
            "/",
            "//",
            "a",
            "a.json",
            ".json",
            "a.",
            "...",
            "..a",
            ".a.b",
            "a/b.c.d",
            "a/b/",
            "a/b/.",
            "a/b/..",
            "a/./b.yaml",
            "./b.yml",
            "/b.rs",
            "a//b.x",
            "a/.b",
            "a/b.c/",
            "/a/b.schema.json",
            "C:\\a\\b.json",
            "a b/c d.e f",
            "./b",
            "../a/b",
            "a/../b",
            "/a/./b",
            "a/.//b",
            "x/ISSUE_TEMPLATE/c.yml",
            "/.github/a",
            "a/b/c/.",
            "a/b/../c",
        ] {
            let p = Path::new(p);
            assert_eq!(file_name(p), p.file_name(), "{p:?}");
            assert_eq!(extension(p), p.extension(), "{p:?}");
            assert_eq!(file_stem(p), p.file_stem(), "{p:?}");
            assert_eq!(
                folder_name(p),
                p.parent().and_then(Path::file_name),
                "{p:?}"
            );
        }
    }

    /// Every offset's line and column, and every line start, are the same once evicted.
    #[test]
    fn eviction_keeps_locations() {
        let long = format!("key: {}\n", "x".repeat(300));
        for text in [
            "a: 1\nbé: 2\n\n  - ünï\nlast".to_string(),
            "\u{feff}a: 1\nb: 2\n".to_string(),
            // Lone CRs end lines too; CR LF is one end.
            "a: 1\rb: é\r\rc\r\nd".to_string(),
            format!("a: 1\n{long}b: é\n"),
            String::new(),
            "no newline".to_string(),
            // Several marks of the short table, lines of 1 to 255 bytes, a ragged end.
            (0..300)
                .map(|i| format!("{}\n", "y".repeat(i % 255)))
                .collect::<String>()
                + "tail é",
            "\r\n".repeat(130),
        ] {
            let kept = SourceFile::new(Path::new("x.yml"), text.clone());
            let mut evicted = kept.clone();
            evicted.evict();
            assert!(evicted.is_evicted() && evicted.text.is_empty());
            assert_eq!(evicted.line_count(), kept.line_count(), "{text:?}");
            for i in 0..=kept.line_count() {
                assert_eq!(
                    evicted.line_start(i),
                    kept.line_start(i),
                    "{text:?} line {i}"
                );
            }
            for offset in 0..=text.len() + 1 {
                if text.is_char_boundary(offset.min(text.len())) {
                    assert_eq!(
                        evicted.line_col(offset),
                        kept.line_col(offset),
                        "{text:?} at {offset}"
                    );
                }
            }
            // Both ends of a range as each alone: ends on the start's line, lines on (more
            // than a lookup's worth too), at the end, and before the start.
            let at = |o: usize| text.is_char_boundary(o.min(text.len()));
            for start in (0..=text.len() + 1).step_by(5).filter(|&o| at(o)) {
                let ends = (start..start + 2 * MARK * 4).step_by(3).chain([
                    text.len(),
                    text.len() + 1,
                    start / 2,
                ]);
                for end in ends.filter(|&o| at(o)) {
                    for f in [&kept, &evicted] {
                        assert_eq!(
                            f.range_line_cols(start, end),
                            (f.line_col(start), f.line_col(end)),
                            "{text:?} from {start} to {end}"
                        );
                    }
                }
            }
            assert_eq!(evicted.bom_len(), kept.bom_len(), "{text:?}");
            assert_eq!(
                kept.bom_len(),
                if text.starts_with('\u{feff}') { 3 } else { 0 }
            );
        }
    }

    /// A file read back after eviction has its whole line table again, and can be let go
    /// again without losing a line.
    #[test]
    fn restore_brings_lines_back() {
        let dir = std::env::temp_dir().join(format!("datamin-restore-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.yml");
        let text = "a: 1\nb: é\nc: 3\n";
        std::fs::write(&path, text).unwrap();
        let mut f = SourceFile::new(&path, text.to_string());
        f.evict();
        assert!(f.restore());
        assert_eq!(f.line_text(2), "b: é");
        f.evict();
        assert_eq!(f.line_col(12), (3, 2));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
