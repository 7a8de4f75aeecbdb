use garde::Validate;
use serde::Deserialize;

/// Do not include passwords or card numbers.
#[derive(Deserialize, Validate)]
#[garde(allow_unvalidated)]
pub struct BugReportSubmission {
    #[garde(email)]
    pub reply_to: String,
    #[garde(length(chars, min = 1, max = 500))]
    pub what_happened: String,
    #[garde(byte_length(max = 4096))]
    pub steps: String,
    pub browser: String,
    #[garde(skip)]
    pub recovery_phrase: Option<String>,
}
