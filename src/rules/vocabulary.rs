//! The sensitive-data vocabulary: categories of personal data and secrets, and named phrase
//! lists (invitations to over-share, catch-all prompts, warnings), as data in
//! `rules/vocabulary.yaml`.
//!
//! Matching is on whole words, case- and accent-insensitive. A term is a phrase of one or more
//! words; a word ending in `*` matches any word it begins, and `...` between two words stands
//! for up to [`GAP`] words of any kind ("keep ... out of" matches "keep personal information
//! out of"). Phrases under `not:` are matched first and their words are taken out, so "IP
//! address" never counts as a home address.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::diag::Error;
use crate::syntax::{check_keys, Node};

/// One category or phrase list.
#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
struct Term {
    words: Vec<Word>,
    category: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Word {
    Exact(String),
    Prefix(String),
    /// `...`: up to [`GAP`] words, any at all (never a term's first or last word).
    Gap,
}

/// The most words a `...` of a term stands for.
pub const GAP: usize = 4;

impl Word {
    fn matches(&self, token: &str) -> bool {
        match self {
            Word::Exact(w) => w == token,
            Word::Prefix(p) => token.starts_with(p.as_str()),
            Word::Gap => true,
        }
    }
}

/// A match of a category in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub category: usize,
    /// Byte range of the matched words in the text.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub categories: Vec<Category>,
    /// Per category, whether it is a kind of data (see [`Vocabulary::is_data`]).
    data: Vec<bool>,
    /// The `warning` phrase list, asked of nearly every text.
    warning: Option<usize>,
    /// The `email` category: a text that is mostly an e-mail address (a placeholder's
    /// `e.g. jane@example.com`) asks for one; a sentence that gives one ("please email
    /// support@...") does not.
    email: Option<usize>,
    /// The `phone` category: a text that is mostly a phone number (a placeholder's
    /// `+1 555 123 4567`) asks for one, as an e-mail address does for `email`.
    phone: Option<usize>,
    /// The `wallet_address` category: a text that is mostly a blockchain address (a
    /// placeholder's `ex. 5CPkfj...`) asks for one, as an e-mail address does for `email`.
    wallet: Option<usize>,
    /// `home_address`, which rules about fields ask for by name at every field.
    home: Option<usize>,
    /// Terms and `not` phrases, indexed together: a token is looked up once for both.
    index: TermIndex,
    /// Words that name one part of a datum ("first" name, "street", phone "extension"): two
    /// fields that ask for different parts do not ask for it twice.
    parts: std::collections::HashSet<String>,
    /// Words that name an organisation ("employer", "bank", "provider"): the contact
    /// details of an object so named are the organisation's, not a person's.
    owners: std::collections::HashSet<String>,
    /// Words that name a person by their part in a form ("veteran", "claimant", "spouse"):
    /// fields of objects so named, or named for an organisation, are of different subjects.
    people: std::collections::HashSet<String>,
    /// `people` and `owners`, sorted (see [`Vocabulary::parties`]).
    party_words: Vec<String>,
    /// Words that tell apart parties of one part ("primary", "secondary", "co"):
    /// `primaryCaregiver` and `secondaryCaregiverOne` are two people.
    ranks: std::collections::HashSet<String>,
    /// Words that say what a warning warns of without a category of their own ("personal",
    /// "private", "sensitive"): "Do not post personal details" warns, "Do not post issues
    /// about other versions" does not.
    sensitive: std::collections::HashSet<String>,
}

/// Terms by their first word: exact words by the word, prefixes by their first [`HEAD`]
/// characters (shorter prefixes are tried against every token).
#[derive(Debug, Clone, Default)]
struct TermIndex {
    exact: HashMap<String, Slots>,
    by_head: HashMap<String, Slots>,
    short: Slots,
    /// Which keys of `exact` and of `by_head` may exist, by [`sketch`]: most words of a text
    /// start no term, and the filter turns them away without hashing them.
    exact_sketch: Sketch,
    head_sketch: Sketch,
}

/// A one-hash Bloom filter of keys by [`sketch`].
#[derive(Debug, Clone)]
struct Sketch([u64; SKETCH_WORDS]);

const SKETCH_WORDS: usize = 64;

impl Default for Sketch {
    fn default() -> Self {
        Sketch([0; SKETCH_WORDS])
    }
}

impl Sketch {
    fn insert(&mut self, key: &str) {
        let b = sketch(key);
        self.0[b / 64] |= 1 << (b % 64);
    }

    /// False only when `key` was never inserted.
    fn may_hold(&self, key: &str) -> bool {
        let b = sketch(key);
        self.0[b / 64] & (1 << (b % 64)) != 0
    }
}

/// A bit of a [`Sketch`] for `key`, from its length and its first, second and last bytes.
fn sketch(key: &str) -> usize {
    let b = key.as_bytes();
    let byte = |i: Option<&u8>| u64::from(i.copied().unwrap_or(0));
    let (first, second, last) = (byte(b.first()), byte(b.get(1)), byte(b.last()));
    let mixed = (b.len() as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(first << 16 | second << 8 | last)
        .wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    (mixed >> 52) as usize % (SKETCH_WORDS * 64)
}

/// The terms and the `not` phrases of one index key.
#[derive(Debug, Clone, Default)]
struct Slots {
    terms: Vec<Term>,
    not: Vec<Term>,
}

impl Slots {
    fn get(&self, not: bool) -> &[Term] {
        if not {
            &self.not
        } else {
            &self.terms
        }
    }
}

const HEAD: usize = 3;

/// The first [`HEAD`] characters of `s`, if it has that many.
#[inline]
fn head(s: &str) -> Option<&str> {
    // Most words start with plain ASCII letters: those are the first characters.
    match s.as_bytes().get(..HEAD) {
        Some(h) if h.is_ascii() => s.get(..HEAD),
        _ => head_of_wide(s),
    }
}

/// [`head`] of any text.
fn head_of_wide(s: &str) -> Option<&str> {
    if s.is_ascii() {
        return s.get(..HEAD);
    }
    s.char_indices()
        .nth(HEAD)
        .map(|(i, _)| &s[..i])
        .or((s.chars().count() == HEAD).then_some(s))
}

impl TermIndex {
    fn add(&mut self, term: Term, not: bool) {
        let slots = match term.words.first() {
            Some(Word::Exact(w)) => {
                self.exact_sketch.insert(w);
                self.exact.entry(w.clone()).or_default()
            }
            Some(Word::Prefix(p)) => match head(p) {
                Some(h) => {
                    self.head_sketch.insert(h);
                    self.by_head.entry(h.to_string()).or_default()
                }
                None => &mut self.short,
            },
            Some(Word::Gap) | None => return,
        };
        if not {
            slots.not.push(term);
        } else {
            slots.terms.push(term);
        }
    }

    /// The index entries a token may start a term of: (by the whole word, by its head).
    fn lookup(&self, token: &str) -> [Option<&Slots>; 2] {
        [
            self.exact_sketch
                .may_hold(token)
                .then(|| self.exact.get(token))
                .flatten(),
            head(token)
                .filter(|h| self.head_sketch.may_hold(h))
                .and_then(|h| self.by_head.get(h)),
        ]
    }

    /// Terms (or `not` phrases) that may start at a token, given its [`TermIndex::lookup`]:
    /// three lists, each with the number of its terms' first words known to match the token
    /// (those found by the whole word start with it).
    fn candidates<'a>(
        &'a self,
        found: &[Option<&'a Slots>; 2],
        not: bool,
    ) -> [(usize, &'a [Term]); 3] {
        let [exact, headed] = *found;
        let of = move |s: Option<&'a Slots>| s.map(|s| s.get(not)).unwrap_or_default();
        [(1, of(exact)), (0, of(headed)), (0, self.short.get(not))]
    }
}

/// A token: the range of its folded text in [`Tokens::buf`], and its byte range in the
/// original text.
struct Token {
    folded: (u32, u32),
    start: usize,
    end: usize,
}

/// The words of a text, folded into one buffer (one allocation, not one per word; none for
/// ASCII text without capitals, whose words are folded already).
struct Tokens<'t> {
    buf: Cow<'t, str>,
    list: Vec<Token>,
}

impl Tokens<'_> {
    fn text(&self, i: usize) -> &str {
        let (a, b) = self.list[i].folded;
        &self.buf[a as usize..b as usize]
    }

    fn len(&self) -> usize {
        self.list.len()
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Splits text into lowercase, accent-folded words; `camelCase` and `snake_case` split too.
fn tokenize(text: &str) -> Tokens<'_> {
    if text.is_ascii() {
        tokenize_ascii(text)
    } else {
        tokenize_chars(text)
    }
}

/// The kind of each ASCII byte for [`tokenize_ascii`]: not a word byte, digit, lower, upper.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            1
        } else if c.is_ascii_lowercase() {
            2
        } else if c.is_ascii_uppercase() {
            3
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`tokenize`] for ASCII text (most labels): lowercasing keeps every byte where it is, so
/// a word's folded range is its range in the text. One table lookup a byte.
fn tokenize_ascii(text: &str) -> Tokens<'_> {
    let bytes = text.as_bytes();
    let mut list = Vec::with_capacity(text.len() / 5 + 1);
    let mut upper = false;
    let mut i = 0;
    while i < bytes.len() {
        let mut prev = CLASS[usize::from(bytes[i])];
        if prev == 0 {
            i += 1;
            continue;
        }
        upper |= prev == 3;
        let mut start = i;
        i += 1;
        while i < bytes.len() {
            let c = CLASS[usize::from(bytes[i])];
            if c == 0 {
                break;
            }
            // A word ends where `camelCase` turns upper, but not after one small letter that
            // lowercases an acronym (`sSN`, `iOS`)...
            if c == 3 {
                upper = true;
                if prev == 2 && !(i - start == 1 && acronym_ends_word(bytes, i)) {
                    list.push(Token {
                        folded: (offset(start), offset(i)),
                        start,
                        end: i,
                    });
                    start = i;
                }
            // ...and an acronym of two capitals or more ends before the capital of the word
            // after it (`SSNLast`, `veteranORSpouse`), one of two small letters at least (not
            // `IPv4`, `IDs`; nor the one capital of `SaaSCity`).
            } else if c == 2
                && prev == 3
                && i >= start + 3
                && CLASS[usize::from(bytes[i - 2])] == 3
                && CLASS[usize::from(bytes[i - 3])] == 3
                && bytes
                    .get(i + 1)
                    .is_some_and(|b| CLASS[usize::from(*b)] == 2)
            {
                list.push(Token {
                    folded: (offset(start), offset(i - 1)),
                    start,
                    end: i - 1,
                });
                start = i - 1;
            }
            prev = c;
            i += 1;
        }
        list.push(Token {
            folded: (offset(start), offset(i)),
            start,
            end: i,
        });
    }
    let buf = if upper {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    };
    Tokens { buf, list }
}

/// Whether the capitals from byte `at` of `b` run to the end of the word, two of them: the
/// `SN` of `sSN`, the `OS` of `iOS`. Not three or more: `sSSN` and `mDOB` are a prefix and
/// an acronym (Hungarian notation's string `s`, member `m`).
fn acronym_ends_word(b: &[u8], at: usize) -> bool {
    let run = b[at..]
        .iter()
        .take_while(|c| CLASS[usize::from(**c)] == 3)
        .count();
    run == 2 && b.get(at + run).is_none_or(|c| CLASS[usize::from(*c)] == 0)
}

fn tokenize_chars(text: &str) -> Tokens<'static> {
    let mut buf = String::with_capacity(text.len());
    let mut list = Vec::with_capacity(text.len() / 5 + 1);
    let mut word_start = 0; // in `buf`
    let mut start = 0; // in `text`
    let mut in_word = false;
    let mut prev_lower = false;
    // The capitals just before, in a row, and where the last of them starts (in `text`, in
    // `buf`): an acronym ends before the capital of the word after it.
    let mut capitals = 0;
    let mut last_capital = (0, 0);
    let close = |list: &mut Vec<Token>, word_start: usize, word_end: usize, start, end| {
        list.push(Token {
            folded: (offset(word_start), offset(word_end)),
            start,
            end,
        });
    };
    let cases = |c: char| {
        if c.is_ascii() {
            (
                c.is_ascii_alphanumeric(),
                c.is_ascii_uppercase(),
                c.is_ascii_lowercase(),
            )
        } else {
            (c.is_alphanumeric(), c.is_uppercase(), c.is_lowercase())
        }
    };
    // As [`acronym_ends_word`]: two capitals from `at` to the end of the word.
    let acronym_ends_word = |at: usize| {
        let mut rest = text[at..].chars().map(cases).peekable();
        let mut run = 0;
        while rest.next_if(|&(_, upper, _)| upper).is_some() {
            run += 1;
        }
        run == 2 && rest.next().is_none_or(|(alnum, _, _)| !alnum)
    };
    for (i, c) in text.char_indices() {
        let (alnum, upper, lower) = cases(c);
        if alnum {
            if in_word
                && upper
                && prev_lower
                && !(buf[word_start..].chars().count() == 1 && acronym_ends_word(i))
            {
                close(&mut list, word_start, buf.len(), start, i);
                in_word = false;
            } else if in_word
                && lower
                && capitals >= 3
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(|n| cases(n).2)
            {
                close(&mut list, word_start, last_capital.1, start, last_capital.0);
                start = last_capital.0;
                word_start = last_capital.1;
            }
            if !in_word {
                in_word = true;
                start = i;
                word_start = buf.len();
            }
            if upper {
                capitals += 1;
                last_capital = (i, buf.len());
            } else {
                capitals = 0;
            }
            prev_lower = lower;
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                for l in c.to_lowercase() {
                    buf.push(fold(l));
                }
            }
        } else {
            prev_lower = false;
            capitals = 0;
            if in_word {
                close(&mut list, word_start, buf.len(), start, i);
                in_word = false;
            }
        }
    }
    if in_word {
        close(&mut list, word_start, buf.len(), start, text.len());
    }
    Tokens {
        buf: Cow::Owned(buf),
        list,
    }
}

/// Folds the accents of Latin letters: `dirección` reads as `direccion`.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'å' => 'a',
        'ä' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        _ => c,
    }
}

fn phrase(s: &str) -> Vec<Word> {
    // Terms are tokenized like texts, keeping a trailing `*` on a word and `...` as a gap.
    let mut words: Vec<Word> = s
        .split_whitespace()
        .flat_map(|w| {
            if w == "..." {
                return vec![Word::Gap];
            }
            let star = w.ends_with('*');
            let toks = tokenize(w.trim_end_matches('*'));
            let toks: Vec<String> = (0..toks.len()).map(|i| toks.text(i).to_string()).collect();
            let n = toks.len();
            toks.into_iter()
                .enumerate()
                .map(|(i, t)| {
                    if star && i + 1 == n {
                        Word::Prefix(t)
                    } else {
                        Word::Exact(t)
                    }
                })
                .collect()
        })
        .collect();
    // A gap at either end, or beside another, would only stand for nothing.
    words.dedup_by(|a, b| *a == Word::Gap && *b == Word::Gap);
    while words.first() == Some(&Word::Gap) {
        words.remove(0);
    }
    while words.last() == Some(&Word::Gap) {
        words.pop();
    }
    words
}

/// The number of tokens `words` match from token `i` on, none of their words' tokens taken
/// (`masked`; a gap's may be); the first `known` words are known to match, and token `i` not
/// to be taken. A gap stands for as few words as it can.
fn match_at(
    words: &[Word],
    tokens: &Tokens,
    masked: &[bool],
    i: usize,
    known: usize,
) -> Option<usize> {
    for (k, w) in words.iter().enumerate().skip(known) {
        if matches!(w, Word::Gap) {
            // The rest of the term (which starts with a word) after 0 to GAP tokens.
            let (from, rest) = (i + k, &words[k + 1..]);
            return (from..tokens.len().min(from + GAP + 1))
                .find_map(|t| match_at(rest, tokens, masked, t, 0).map(|n| t + n - i));
        }
        let t = i + k;
        if t >= tokens.len() || masked.get(t).is_some_and(|m| *m) || !w.matches(tokens.text(t)) {
            return None;
        }
    }
    Some(words.len())
}

/// The byte ranges of e-mail addresses in `text` (`name@host.tld`: a local part, a domain
/// with a dot, a top-level domain of two letters or more).
fn email_addresses(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    memchr::memchr_iter(b'@', b).filter_map(move |at| {
        let local = |c: &u8| c.is_ascii_alphanumeric() || b"._%+-".contains(c);
        let start = at - b[..at].iter().rev().take_while(|c| local(c)).count();
        let host = |c: &u8| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-';
        let mut end = at + 1 + b[at + 1..].iter().take_while(|c| host(c)).count();
        while end > at + 1 && b[end - 1] == b'.' {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let tld = domain.rsplit_once('.').map(|(_, t)| t)?;
        (start < at
            && domain
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphanumeric)
            && tld.len() >= 2
            && tld.bytes().all(|c| c.is_ascii_alphabetic()))
        .then_some((start, end))
    })
}

/// `reach` (the furthest end, and the furthest of another category than its) with `(end,
/// category)` taken in.
fn furthest(
    reach: [Option<(usize, usize)>; 2],
    (end, category): (usize, usize),
) -> [Option<(usize, usize)>; 2] {
    match reach {
        [None, _] => [Some((end, category)), None],
        [Some(first), second] if end > first.0 => {
            if first.1 == category {
                [Some((end, category)), second]
            } else {
                [Some((end, category)), Some(first)]
            }
        }
        [Some(first), second] if first.1 != category && second.is_none_or(|s| end > s.0) => {
            [Some(first), Some((end, category))]
        }
        _ => reach,
    }
}

/// The byte ranges of blockchain addresses written out in `text`: `0x` and 40 hex digits (an
/// Ethereum address; a transaction hash has 64), a bech32 address (`bc1`, `ltc1`, `tb1`,
/// `cosmos1`... and 25 more letters and digits) or a word of 32 to 50 characters with digits,
/// capitals and small letters (base58: Polkadot, Solana, Bitcoin's legacy addresses; made-up
/// examples are not always valid base58) and not glued by `_` or `-` to a word before it (an
/// API token's prefix: `ghp_`, `sk_live_`, `xoxb-`). Words of letters alone, hex digits alone
/// (a commit id) or of one case do not count.
fn wallet_addresses(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    // No address is shorter than a bech32 one (2 letters, `1`, 25 more): most texts, labels,
    // are read no further.
    let mut i = if b.len() < 28 { b.len() } else { 0 };
    std::iter::from_fn(move || {
        while i < b.len() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            // Shorter than any address (a bech32 one has 28 characters at least): most words.
            if i - start < 28 {
                continue;
            }
            let word = &text[start..i];
            let hex = word
                .strip_prefix("0x")
                .is_some_and(|h| h.len() == 40 && h.bytes().all(|c| c.is_ascii_hexdigit()));
            let bech32 = word.split_once('1').is_some_and(|(hrp, data)| {
                (2..=10).contains(&hrp.len())
                    && hrp.bytes().all(|c| c.is_ascii_lowercase())
                    && data.len() >= 25
                    && data
                        .bytes()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    && data.bytes().any(|c| c.is_ascii_digit())
            });
            let glued = start >= 2
                && matches!(b[start - 1], b'_' | b'-')
                && b[start - 2].is_ascii_alphanumeric();
            let base58 = (32..=50).contains(&word.len())
                && !glued
                && word.bytes().any(|c| c.is_ascii_digit())
                && word.bytes().any(|c| c.is_ascii_uppercase())
                && word.bytes().any(|c| c.is_ascii_lowercase());
            if hex || bech32 || base58 {
                return Some((start, i));
            }
        }
        None
    })
}

/// The byte ranges of phone numbers written out in `text`: 7 to 15 digits (E.164's most)
/// after a `+` (`+1 555 123 4567`, `+49 (0)30 1234567`), with an area code in parentheses
/// (`(555) 123-4567`: 9 digits or more), or 10 or 11 digits in groups of at most 4 split by
/// spaces or hyphens (`555-123-4567`). Dates and times (`2024-01-15 14:32`), ranges,
/// versions and IP addresses (dots), amounts (commas) and bare numbers (a block number, an
/// order id) are not phone numbers.
fn phone_numbers(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    // Most texts hold fewer digits than any phone number: one quick count, no scan.
    // (Counted in bytes, a block at a time, which the compiler does many bytes at once.)
    let digits: usize = b
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, x| n + u8::from(x.is_ascii_digit()))))
        .sum();
    let mut i = if digits < 7 { b.len() } else { 0 };
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            let opens = matches!(b[i], b'+' | b'(') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            let boundary =
                start == 0 || !(b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'.');
            if !(boundary && (opens || b[i].is_ascii_digit())) {
                i += 1;
                continue;
            }
            let mut end = start + 1;
            while b
                .get(end)
                .is_some_and(|c| c.is_ascii_digit() || b" ()-.".contains(c))
            {
                end += 1;
            }
            i = end;
            while end > start && !(b[end - 1].is_ascii_digit() || b[end - 1] == b')') {
                end -= 1;
            }
            let run = &b[start..end];
            let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
            // Glued to a word, or a time after it (`2024-01-15 14:32`): not a number alone.
            let glued = b
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b':');
            let grouped =
                |min: usize| digits >= min && run.iter().any(|c| matches!(c, b' ' | b'-'));
            // Without a `+` or an area code: a national number (10 or 11 digits) in groups
            // of at most 4 (`555-123-4567`, `020 7946 0958`), not a date (`2024-01-15 …`),
            // a range (`1000000-1000100`) or a 12-digit reference (`4021 3345 1188`).
            let national = || {
                let groups = run
                    .split(|c| matches!(c, b' ' | b'-'))
                    .filter(|g| !g.is_empty());
                let date = run.len() >= 8
                    && run[..4].iter().all(u8::is_ascii_digit)
                    && run[4] == b'-'
                    && run[5..].iter().take_while(|c| c.is_ascii_digit()).count() <= 2;
                digits <= 11
                    && !date
                    && !run.contains(&b'.')
                    && !run.contains(&b'(')
                    && groups.clone().all(|g| g.len() <= 4)
                    && grouped(10)
            };
            let phone = !glued
                && digits <= 15
                && match run[0] {
                    b'+' => digits >= 7,
                    b'(' => grouped(9),
                    _ => national(),
                };
            if phone {
                return Some((start, end));
            }
        }
        None
    })
}

impl Vocabulary {
    /// Builds a vocabulary from (id, name, terms) and `not` phrases.
    pub fn new(categories: Vec<(String, String, Vec<String>)>, not: &[String]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for (idx, (id, name, terms)) in categories.into_iter().enumerate() {
            v.categories.push(Category { id, name });
            for t in terms {
                let words = phrase(&t);
                v.index.add(
                    Term {
                        words,
                        category: idx,
                    },
                    false,
                );
            }
        }
        for p in not {
            v.index.add(
                Term {
                    words: phrase(p),
                    category: usize::MAX,
                },
                true,
            );
        }
        v.data = v
            .categories
            .iter()
            .map(|c| !PHRASE_LISTS.contains(&c.id.as_str()))
            .collect();
        v.warning = v.category("warning");
        v.email = v.category("email");
        v.phone = v.category("phone");
        v.wallet = v.category("wallet_address");
        v.home = v.category("home_address");
        v
    }

    /// Reads `rules/vocabulary.yaml`-shaped data.
    pub fn from_node(root: &Node) -> Result<Vocabulary, Error> {
        check_keys(
            root.map()?,
            &[
                "categories",
                "not",
                "parts",
                "owners",
                "people",
                "ranks",
                "sensitive",
            ],
            "the vocabulary",
        )?;
        let mut cats = Vec::new();
        if let Some(e) = root.get("categories") {
            for c in e.value.seq()? {
                check_keys(c.map()?, &["id", "name", "terms"], "a vocabulary category")?;
                let get = |k: &str| {
                    c.get(k).ok_or_else(|| {
                        Error::at(c.span, format!("vocabulary category has no `{k}`"))
                    })
                };
                let id = get("id")?.value.string()?.value;
                let name = get("name")?.value.string()?.value;
                let terms = get("terms")?
                    .value
                    .strings()?
                    .into_iter()
                    .map(|s| s.value)
                    .collect();
                cats.push((id, name, terms));
            }
        }
        let not = match root.get("not") {
            Some(e) => e.value.strings()?.into_iter().map(|s| s.value).collect(),
            None => Vec::new(),
        };
        let mut v = Vocabulary::new(cats, &not);
        for (key, set) in [
            ("parts", &mut v.parts),
            ("owners", &mut v.owners),
            ("people", &mut v.people),
            ("ranks", &mut v.ranks),
            ("sensitive", &mut v.sensitive),
        ] {
            if let Some(e) = root.get(key) {
                for w in e.value.strings()? {
                    let toks = tokenize(&w.value);
                    set.extend((0..toks.len()).map(|i| toks.text(i).to_string()));
                }
            }
        }
        v.party_words = v.people.iter().chain(&v.owners).cloned().collect();
        v.party_words.sort_unstable();
        v.party_words.dedup();
        Ok(v)
    }

    /// Whether `text` (a field's parent objects' names: `claimant.employerAddress`) names an
    /// organisation (`owners:` in the vocabulary).
    pub fn names_owner(&self, text: &str) -> bool {
        !self.owners.is_empty() && any_word(text, |w| self.owners.contains(w))
    }

    /// Whether `text` names a person by their part (`people:`: "owner", "holder").
    pub fn names_party_person(&self, text: &str) -> bool {
        any_word(text, |w| self.people.contains(w))
    }

    /// Whether `text` (a field's label or name) says whose datum it is in a person's words:
    /// a `people:` word, or "your", "my", "personal", "private", "home".
    pub fn names_person(&self, text: &str) -> bool {
        any_word(text, |w| {
            self.people.contains(w) || matches!(w, "your" | "my" | "personal" | "private" | "home")
        })
    }

    /// The party words (`people:`, `owners:`) in `text`, as a set: a bit per word, by the
    /// word's place in a sorted list of them (at most 128: see the tests).
    pub fn parties(&self, text: &str) -> u128 {
        if text.is_empty() {
            return 0;
        }
        let toks = tokenize(text);
        let mut set = 0u128;
        for i in 0..toks.len() {
            if let Some(at) = self.party_word(toks.text(i)) {
                set |= 1 << at.min(127);
            }
        }
        set
    }

    /// The place of `word` among the party words (`people:`, `owners:`), if it is one.
    fn party_word(&self, word: &str) -> Option<usize> {
        self.party_words
            .binary_search_by(|w| w.as_str().cmp(word))
            .ok()
    }

    /// Whether `text` uses a `sensitive:` word ("personal", "private", "sensitive"); true
    /// of any text when the vocabulary has no such list (then every warning warns of data).
    pub fn names_sensitive(&self, text: &str) -> bool {
        self.sensitive.is_empty() || any_word(text, |w| self.sensitive.contains(w))
    }

    /// Whether `a` and `b` (two objects' names that [`Vocabulary::parties`] finds the same
    /// parties in) name them with the same rank words (`ranks:` in the vocabulary), counting
    /// only a rank word beside a party word in one object's name: `primaryCaregiver` and
    /// `secondaryCaregiverOne` do not, nor `applicant` and `coApplicant`; `applicant` and
    /// `applicant.contact` do, and so do `veteran.homeAddress` and
    /// `veteran.alternateAddress` (the rank is the address's, not the party's).
    pub fn same_rank(&self, a: &str, b: &str) -> bool {
        let ranks = |t: &str| {
            let toks = tokenize(t);
            let party = |i: usize| self.party_word(toks.text(i)).is_some();
            // Two tokens of one object's name: no `.` between them.
            let joined =
                |i: usize, j: usize| !t[toks.list[i].end..toks.list[j].start].contains('.');
            let mut words: Vec<&str> = (0..toks.len())
                .filter(|&i| self.ranks.contains(toks.text(i)))
                .filter(|&i| {
                    (i > 0 && party(i - 1) && joined(i - 1, i))
                        || (i + 1 < toks.len() && party(i + 1) && joined(i, i + 1))
                })
                .map(|i| toks.text(i))
                .collect();
            words.sort_unstable();
            words.dedup();
            words.into_iter().map(str::to_string).collect::<Vec<_>>()
        };
        self.ranks.is_empty() || ranks(a) == ranks(b)
    }

    /// Whether two fields' texts that ask for one category ask for different parts of it
    /// ("First name" and "Last name", "Street" and "City", "Phone" and "Extension", "Address
    /// line 1" and "line 2"): the part words (`parts:` in the vocabulary, and numbers) of
    /// the two differ.
    pub fn different_parts(&self, a: &str, b: &str) -> bool {
        let parts = |t: &str| {
            let toks = tokenize(t);
            // `line1` is the part `line` and the number `1`.
            let mut words: Vec<String> = (0..toks.len())
                .map(|i| toks.text(i))
                .flat_map(|w| {
                    let name = w.trim_end_matches(|c: char| c.is_ascii_digit());
                    [name, &w[name.len()..]]
                })
                .filter(|w| {
                    !w.is_empty()
                        && (self.parts.contains(*w) || w.bytes().all(|b| b.is_ascii_digit()))
                })
                .map(str::to_string)
                .collect();
            words.sort_unstable();
            words.dedup();
            words
        };
        parts(a) != parts(b)
    }

    /// The index of category `home_address`, if the vocabulary has it.
    pub fn home_address(&self) -> Option<usize> {
        self.home
    }

    pub fn wallet_address(&self) -> Option<usize> {
        self.wallet
    }

    pub fn category(&self, id: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.id == id)
    }

    /// Category `idx` as a bit of a set of categories: bit `idx`, the categories from 62 on
    /// sharing bit 62 (a set with that bit may hold any of them: sets of bits rule out, and
    /// what they do not rule out is asked by id). Bit 63 is left for a set's users.
    pub fn category_bit(idx: usize) -> u64 {
        1 << idx.min(62)
    }

    /// The categories of `matches` as bits ([`Vocabulary::category_bit`]).
    pub fn bits_of(matches: &[Match]) -> u64 {
        matches
            .iter()
            .fold(0, |m, x| m | Vocabulary::category_bit(x.category))
    }

    /// Whether category `idx` is a kind of data (not one of the [`PHRASE_LISTS`]).
    pub fn is_data(&self, idx: usize) -> bool {
        self.data.get(idx).copied().unwrap_or(false)
    }

    /// The `warning` phrase list, if the vocabulary has one.
    pub fn warning(&self) -> Option<usize> {
        self.warning
    }

    /// Every category match in `text`, in text order (one per term occurrence).
    pub fn find(&self, text: &str) -> Vec<Match> {
        let tokens = tokenize(text);
        let found: Vec<[Option<&Slots>; 2]> = (0..tokens.len())
            .map(|i| self.index.lookup(tokens.text(i)))
            .collect();
        let masked = self.not_phrases(&tokens, &found);
        let mut out: Vec<Match> = Vec::new();
        for (i, f) in found.iter().enumerate() {
            if masked.get(i).is_some_and(|m| *m) {
                continue;
            }
            for (known, list) in self.index.candidates(f, false) {
                for term in list {
                    if let Some(n) = match_at(&term.words, &tokens, &masked, i, known) {
                        let end = tokens.list[i + n - 1].end;
                        let start = tokens.list[i].start;
                        // Matches are made in text order: those that start here are last.
                        if let Some(m) = out
                            .iter_mut()
                            .rev()
                            .take_while(|m| m.start == start)
                            .find(|m| m.category == term.category)
                        {
                            m.end = m.end.max(end);
                        } else {
                            out.push(Match {
                                category: term.category,
                                start: tokens.list[i].start,
                                end,
                            });
                        }
                    }
                }
            }
        }
        // An address or number written out that is most of the text asks for one.
        let before = out.len();
        let size = text.trim().len();
        let mostly = |(start, end): &(usize, usize)| (end - start) * 2 >= size;
        let written: [(Option<usize>, Vec<_>); 3] = [
            (self.email, email_addresses(text).filter(mostly).collect()),
            (self.phone, phone_numbers(text).filter(mostly).collect()),
            (self.wallet, wallet_addresses(text).filter(mostly).collect()),
        ];
        for (category, ranges) in written {
            if let Some(category) = category {
                out.extend(ranges.into_iter().map(|(start, end)| Match {
                    category,
                    start,
                    end,
                }));
            }
        }
        if out.len() > before {
            out.sort_by_key(|m| m.start);
        }
        self.give_way(&mut out);
        out
    }

    /// Drops each data match inside a longer match of another data category: "email address"
    /// is an email, not a home address; "id card number" is an id, not a card number. `out`
    /// is by start.
    fn give_way(&self, out: &mut Vec<Match>) {
        let inside = |m: &Match, o: &Match| {
            self.is_data(m.category)
                && self.is_data(o.category)
                && o.category != m.category
                && o.start <= m.start
                && m.end <= o.end
                && o.end - o.start > m.end - m.start
        };
        if out.len() > 1 {
            // In one pass over the matches (by start), not each against all (a text of
            // thousands of matches took minutes): of the data matches that start before the
            // ones at hand, the furthest end and the furthest of another category than its;
            // those that start at the same place are few, and compared one by one.
            let mut keep = vec![true; out.len()];
            let mut reach: [Option<(usize, usize)>; 2] = [None, None];
            let mut g = 0;
            while g < out.len() {
                let h = g + out[g..]
                    .iter()
                    .take_while(|m| m.start == out[g].start)
                    .count();
                for (k, m) in out.iter().enumerate().take(h).skip(g) {
                    let before = reach
                        .iter()
                        .flatten()
                        .find(|(_, c)| *c != m.category)
                        .is_some_and(|(end, _)| *end >= m.end);
                    keep[k] = !(self.is_data(m.category)
                        && (before || out[g..h].iter().any(|o| inside(m, o))));
                }
                for o in out[g..h].iter().filter(|o| self.is_data(o.category)) {
                    reach = furthest(reach, (o.end, o.category));
                }
                g = h;
            }
            let mut keep = keep.into_iter();
            out.retain(|_| keep.next().unwrap_or(true));
        }
    }

    /// Which tokens `not` phrases take; empty (none taken) until one matches.
    fn not_phrases(&self, tokens: &Tokens, found: &[[Option<&Slots>; 2]]) -> Vec<bool> {
        let mut masked: Vec<bool> = Vec::new();
        for (i, f) in found.iter().enumerate() {
            // No phrase starts at a taken token; once one does, the token is taken.
            if masked.get(i).is_some_and(|m| *m) {
                continue;
            }
            'phrases: for (known, list) in self.index.candidates(f, true) {
                for p in list {
                    if let Some(n) = match_at(&p.words, tokens, &masked, i, known) {
                        masked.resize(tokens.len(), false);
                        masked[i..i + n].iter_mut().for_each(|m| *m = true);
                        break 'phrases;
                    }
                }
            }
        }
        masked
    }

    /// How `text` uses `word` (one word, read as a text's words are): not at all (`None`),
    /// only inside `not` phrases (`Some(true)`: "The random seed used" for "Seed"), or
    /// outside one too (`Some(false)`).
    pub fn used_only_in_not_phrases(&self, text: &str, word: &str) -> Option<bool> {
        // Most matches are several words ("email address"): a byte that is no ASCII letter
        // or digit inside the word splits it, told without tokenizing it.
        let splits = |c: char| c.is_ascii() && !c.is_ascii_alphanumeric();
        if word.trim_matches(splits).contains(splits) {
            return None;
        }
        let w = tokenize(word);
        if w.len() != 1 {
            return None;
        }
        let w = w.text(0);
        let tokens = tokenize(text);
        let uses: Vec<usize> = (0..tokens.len()).filter(|&i| tokens.text(i) == w).collect();
        if uses.is_empty() {
            return None;
        }
        let found: Vec<[Option<&Slots>; 2]> = (0..tokens.len())
            .map(|i| self.index.lookup(tokens.text(i)))
            .collect();
        let masked = self.not_phrases(&tokens, &found);
        Some(uses.iter().all(|&i| masked.get(i).is_some_and(|m| *m)))
    }

    /// The ids of the categories found in `text`, without repeats, in text order.
    pub fn categories_in(&self, text: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for m in self.find(text) {
            let id = self.categories[m.category].id.as_str();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }
}

/// Whether a word of `text`, as the vocabulary reads words, is one `is` says yes to.
fn any_word(text: &str, is: impl Fn(&str) -> bool) -> bool {
    if text.is_empty() {
        return false;
    }
    let toks = tokenize(text);
    (0..toks.len()).any(|i| is(toks.text(i)))
}

/// Entries of the vocabulary that are ways of asking, not kinds of data.
pub const PHRASE_LISTS: [&str; 4] = ["invitation", "catch_all", "warning", "logs"];

/// The vocabulary text built into the binary.
pub const BUILTIN_TEXT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/vocabulary.yaml"
));

impl Vocabulary {
    /// The built-in vocabulary, parsed once.
    pub fn builtin() -> &'static Vocabulary {
        static CELL: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        CELL.get_or_init(|| {
            crate::syntax::yaml::parse(BUILTIN_TEXT, 0, crate::syntax::Limits::default())
                .and_then(|n| Vocabulary::from_node(&n))
                .unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of ids: `camelCase` splits where it turns upper; an acronym ends before the
    /// capital of the next word (`SSNLast`, `veteranORSpouse`; not `IPv4`, `IDs`, where one
    /// small letter follows, nor `SaaSCity`, one capital left); one small letter before a
    /// two-capital acronym that ends the word lowercases it (`sSN`, `iOS`), not a word
    /// (`eMail`) nor a longer acronym (`sSSN`: a prefix `s`). Text
    /// with a character past ASCII is read the same way, byte ranges and all.
    #[test]
    fn ids_split_into_words_around_acronyms() {
        let words = |t: &str| {
            let toks = tokenize(t);
            (0..toks.len())
                .map(|i| {
                    (
                        toks.text(i).to_string(),
                        &t[toks.list[i].start..toks.list[i].end],
                    )
                })
                .map(|(w, raw)| format!("{w}={raw}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let cases = [
            ("sSN", "ssn=sSN"),
            ("sSSN", "s=s ssn=SSN"),
            ("mDOB", "m=m dob=DOB"),
            ("iOS version", "ios=iOS version=version"),
            ("SSNLastFour", "ssn=SSN last=Last four=Four"),
            ("veteranORSpouse", "veteran=veteran or=OR spouse=Spouse"),
            ("veteranSSN", "veteran=veteran ssn=SSN"),
            ("IDNumber", "id=ID number=Number"),
            ("eMail", "e=e mail=Mail"),
            ("homeAddress", "home=home address=Address"),
            ("sSNs", "s=s sns=SNs"),
            ("ABc", "abc=ABc"),
            ("URL", "url=URL"),
            ("IPv4 address", "ipv4=IPv4 address=address"),
            ("userIDs", "user=user ids=IDs"),
            ("SaaSCity", "saa=Saa scity=SCity"),
            ("ABCd", "abcd=ABCd"),
            ("ABCde", "ab=AB cde=Cde"),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text}");
            // The same with a character past ASCII after it, read by the other tokenizer.
            let wide = format!("{text} é");
            assert_eq!(words(&wide), format!("{want} e=é"), "{wide}");
        }
    }

    /// The one-pass [`Vocabulary::give_way`] keeps what comparing every match with every
    /// other kept, on lists of matches made up (by start, every category, nested, equal and
    /// crossing ranges; the phrase lists too, which never give way nor make others).
    #[test]
    fn give_way_in_one_pass_is_every_match_against_every_other() {
        let v = Vocabulary::builtin();
        let n = v.categories.len();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(12);
            let mut list: Vec<Match> = (0..len)
                .map(|_| {
                    let start = next(20);
                    Match {
                        category: next(n as u64),
                        start,
                        end: start + 1 + next(8),
                    }
                })
                .collect();
            list.sort_by_key(|m| m.start);
            let naive: Vec<Match> = list
                .iter()
                .filter(|m| {
                    !list.iter().any(|o| {
                        v.is_data(m.category)
                            && v.is_data(o.category)
                            && o.category != m.category
                            && o.start <= m.start
                            && m.end <= o.end
                            && o.end - o.start > m.end - m.start
                    })
                })
                .cloned()
                .collect();
            let mut fast = list.clone();
            v.give_way(&mut fast);
            assert_eq!(fast, naive, "{list:?}");
        }
    }

    fn words(t: &Tokens) -> Vec<(String, usize, usize)> {
        (0..t.len())
            .map(|i| (t.text(i).to_string(), t.list[i].start, t.list[i].end))
            .collect()
    }

    #[test]
    fn ascii_words_split_as_any_text_does() {
        let fixed = [
            "",
            "Email address",
            "firstName lastName",
            "IPAddress ipV4 HTTPServer a1B2c3",
            "snake_case__id  --x",
            "ZIP/postal code: 12345, e.g. SW1A 1AA!",
            "aB",
            "Ab",
            "a",
            " trailing ",
        ];
        for text in fixed {
            assert_eq!(
                words(&tokenize_ascii(text)),
                words(&tokenize_chars(text)),
                "{text:?}"
            );
        }
        // Every ASCII byte alone and between letters of both cases.
        for c in (0u8..128).map(char::from) {
            for text in [
                format!("{c}"),
                format!("a{c}B"),
                format!("Bz{c}a"),
                format!("x{c}"),
            ] {
                assert_eq!(
                    words(&tokenize_ascii(&text)),
                    words(&tokenize_chars(&text)),
                    "{text:?}"
                );
            }
        }
        // Every short string over an alphabet of each kind of byte.
        let alphabet = [b'a', b'B', b'7', b' ', b'_', b'.'];
        for len in 0..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                let text: String = (0..len)
                    .map(|_| {
                        let c = alphabet[k % alphabet.len()] as char;
                        k /= alphabet.len();
                        c
                    })
                    .collect();
                assert_eq!(
                    words(&tokenize_ascii(&text)),
                    words(&tokenize_chars(&text)),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn sketches_hold_every_key_and_turn_most_other_words_away() {
        let v = Vocabulary::builtin();
        let index = &v.index;
        assert!(index.exact.len() > 100, "{}", index.exact.len());
        assert!(index.exact.keys().all(|k| index.exact_sketch.may_hold(k)));
        assert!(index.by_head.keys().all(|k| index.head_sketch.may_hold(k)));
        let others = "for this request as precisely you can please be precise ticket the \
                      steps to reproduce browser version order number amount anything else \
                      we should know agree terms describe problem what happened when";
        let passed = others
            .split_whitespace()
            .filter(|w| index.exact_sketch.may_hold(w))
            .filter(|w| !index.exact.contains_key(*w))
            .count();
        assert!(passed * 4 < others.split_whitespace().count(), "{passed}");
    }

    fn vocab() -> Vocabulary {
        Vocabulary::new(
            vec![
                (
                    "home_address".into(),
                    "home address".into(),
                    vec!["address".into(), "street".into()],
                ),
                (
                    "credentials".into(),
                    "secrets".into(),
                    vec!["seed phrase".into(), "passw*".into()],
                ),
                ("email".into(), "email".into(), vec!["email".into()]),
            ],
            &[
                "ip address".into(),
                "product address".into(),
                "email us".into(),
            ],
        )
    }

    #[test]
    fn whole_words_only() {
        let v = vocab();
        assert_eq!(v.categories_in("Home address"), ["home_address"]);
        assert!(v.categories_in("addressee").is_empty());
        assert!(v.categories_in("IP address").is_empty());
        assert!(v.categories_in("Product address").is_empty());
        assert!(v
            .categories_in("Questions? Email us at help@example.com")
            .is_empty());
        assert_eq!(v.categories_in("Your email"), ["email"]);
    }

    /// `...` in a term stands for up to [`GAP`] words, as few as it can, of any kind.
    #[test]
    fn a_gap_stands_for_up_to_four_words() {
        let v = Vocabulary::new(
            vec![(
                "warning".into(),
                "warning".into(),
                vec!["keep ... out of".into(), "... leave ... ... out ...".into()],
            )],
            &["ip address".into()],
        );
        let spans = |text: &'static str| -> Vec<&'static str> {
            v.find(text).iter().map(|m| &text[m.start..m.end]).collect()
        };
        assert_eq!(spans("keep out of it"), ["keep out of"]);
        assert_eq!(spans("Keep it out of here"), ["Keep it out of"]);
        assert_eq!(
            spans("Please keep your wallet recovery phrase out of this form"),
            ["keep your wallet recovery phrase out of"]
        );
        assert!(spans("keep your old wallet recovery phrase out of it").is_empty());
        assert!(spans("keep it out").is_empty());
        // The shortest gap, and the words of a `not` phrase inside one.
        assert_eq!(spans("keep out of out of"), ["keep out of"]);
        assert_eq!(
            spans("Keep your IP address out of it"),
            ["Keep your IP address out of"]
        );
        // A gap at the ends, or beside another, is dropped.
        assert_eq!(spans("leave it out"), ["leave it out"]);
        assert_eq!(phrase("a ... ... b"), phrase("a ... b"));
        assert_eq!(phrase("... a ..."), phrase("a"));
    }

    #[test]
    fn a_word_used_only_in_not_phrases() {
        let v = vocab();
        assert_eq!(
            v.used_only_in_not_phrases("The IP address of the node", "Address"),
            Some(true)
        );
        assert_eq!(
            v.used_only_in_not_phrases("Your home address, not your IP address", "address"),
            Some(false)
        );
        assert_eq!(v.used_only_in_not_phrases("The node", "address"), None);
        assert_eq!(
            v.used_only_in_not_phrases("IP address", "home address"),
            None
        );
        // A word no `not` phrase has ("street"): used or not, never only inside one.
        assert_eq!(
            v.used_only_in_not_phrases("Street and IP address", "Street"),
            Some(false)
        );
        assert_eq!(v.used_only_in_not_phrases("IP address", "street"), None);
        assert_eq!(v.used_only_in_not_phrases("Streets", "street"), None);
        // Words around it split off, or camelCase, the word is several: never "only".
        assert_eq!(v.used_only_in_not_phrases("IP address", "ip address"), None);
        assert_eq!(v.used_only_in_not_phrases("IP address", "ip-address"), None);
        assert_eq!(v.used_only_in_not_phrases("IP address", "ipAddress"), None);
        // Not split by what is around it.
        assert_eq!(
            v.used_only_in_not_phrases("The IP address", " address."),
            Some(true)
        );
    }

    #[test]
    fn phrases_prefixes_and_case() {
        let v = vocab();
        assert_eq!(v.categories_in("Your SEED   phrase"), ["credentials"]);
        assert_eq!(v.categories_in("Passwort"), ["credentials"]);
        assert_eq!(v.categories_in("seedPhrase"), ["credentials"]);
        assert_eq!(v.categories_in("wallet_password"), ["credentials"]);
        let m = v.find("my seed phrase!");
        assert_eq!((m[0].start, m[0].end), (3, 14));
    }

    #[test]
    fn party_words_fit_their_bit_set() {
        let v = Vocabulary::builtin();
        assert!(!v.party_words.is_empty());
        assert!(v.party_words.len() <= 128, "{}", v.party_words.len());
        let (a, b) = (v.parties("veteranPhone"), v.parties("witnessPhone"));
        assert!(a != 0 && b != 0 && a != b);
    }
}
