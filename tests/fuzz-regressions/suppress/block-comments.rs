use serde::Deserialize;

/// Never include your password.
#[derive(Deserialize)]
pub struct ContactForm {
    /* datamin: allow DM001 -- the gateway caps the body at 2 KB */
    pub details: String,
    pub notes: String, /* datamin: allow DM001, DM003 -- agents' own notes */
    /* datamin: allow DM001 -- over lines: the
     * reason goes on here */
    /* another comment, then attributes and docs */
    /// The subject.
    #[serde(default)]
    pub subject: String,
    /* datamin: allow DM001 -- before the field on its line */ pub summary: String,
    /** datamin: allow DM001 -- a doc comment is the field's text, not a suppression */
    pub message: String,
    /*
     * A plain block comment over lines.
     */
    pub extra: String,
}

// A `/*` inside a string literal is text.
pub const HELP: &str = "Silence one with /* datamin: allow DM001 -- why */";
