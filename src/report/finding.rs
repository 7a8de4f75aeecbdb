//! A finding: one rule's verdict about one node.

use crate::rules::Severity;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule_id: String,
    pub rule_name: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    /// The exact key or value at fault.
    pub span: Span,
    /// What the finding is about, independent of line numbers (`form/field`, `policy:...`),
    /// so baselines survive edits elsewhere in the file.
    pub identity: String,
}
