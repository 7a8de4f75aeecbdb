//! A finding: one rule's verdict about one node.

use std::sync::Arc;

use crate::rules::Severity;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule_id: Text,
    pub rule_name: Text,
    pub severity: Severity,
    pub message: Text,
    pub help: Text,
    /// The exact key or value at fault.
    pub span: Span,
    /// What the finding is about, independent of line numbers (`form/field`, `policy:...`),
    /// so baselines survive edits elsewhere in the file.
    pub identity: Box<str>,
    /// The kind of data it is about (`home address`), when its rule names one: a baseline
    /// entry for a field asking for a phone number does not cover it asking for a social
    /// security number once relabelled.
    pub category: Option<Text>,
}

/// A finding's text, shared between the findings that say the same thing: a run over
/// thousands of forms holds tens of thousands of findings but only a few hundred distinct
/// messages and helps (see [`Interner`]). A thin pointer (`Arc<String>`, not `Arc<str>`):
/// a finding holds four of them.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text(Arc<String>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Arc::new(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Arc::new(s.to_owned()))
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.0.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.0.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == *other
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Makes equal texts of findings share one allocation.
#[derive(Default)]
pub struct Interner(rustc_hash::FxHashSet<Text>);

impl Interner {
    pub fn text(&mut self, t: &mut Text) {
        match self.0.get(&**t) {
            Some(shared) => *t = shared.clone(),
            None => {
                self.0.insert(t.clone());
            }
        }
    }

    /// The shared copy of `s`, made if there is none yet.
    pub fn share(&mut self, s: &str) -> Text {
        match self.0.get(s) {
            Some(shared) => shared.clone(),
            None => {
                let t = Text::from(s);
                self.0.insert(t.clone());
                t
            }
        }
    }

    /// Whether it holds no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Shares `f`'s message and help (its rule's id and name are shared already: every
    /// finding of a rule in one engine run clones one copy).
    pub fn finding(&mut self, f: &mut Finding) {
        self.text(&mut f.message);
        self.text(&mut f.help);
    }
}
