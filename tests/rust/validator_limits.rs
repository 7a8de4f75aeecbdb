use serde::Deserialize;
use validator::Validate;

const MESSAGE_MAX: usize = 2000;

/// Never include your recovery phrase or passwords: we will never ask for them.
#[derive(Deserialize, Validate)]
pub struct RefundRequest {
    #[validate(email)]
    pub contact: String,
    #[validate(length(min = 1, max = 120))]
    pub subject: String,
    #[validate(length(max = MESSAGE_MAX, message = "too long"))]
    pub message: String,
    /// Anything else we should know?
    pub notes: Option<String>,
    #[validate(length(min = 1), custom(function = "check_iban"))]
    pub iban: String,
}
