use serde::Deserialize;

/// Never include your password.
#[derive(Deserialize)]
pub struct ContactForm {
    // datamin: allow DM001 -- the gateway caps the body at 2 KB
    pub details: String,
    pub notes: String,
}

// A `//` inside a string literal is text: none of these is a suppression (the first would
// be an unknown rule, DM901, the last a suppression without a reason, DM902, and the raw
// one an input error).
pub const HELP: &str = "Silence a finding with // datamin: allow RULE -- why";
pub const RAW: &str = r#"x // datamin: allow DM001 DM002"#;
pub const MULTI: &str = "first line
// datamin: allow DM001
";
