use serde::Deserialize;
use serde_valid::Validate;

const NOTE_MAX: usize = 300;

/// Never include passwords.
#[derive(Deserialize, Validate)]
pub struct MessageRequest {
    #[validate(max_length = 500)]
    pub content: String,
    #[validate(min_length = 1, max_length = NOTE_MAX)]
    pub note: Option<String>,
    /// Each answer is bounded, however many there are.
    #[validate(max_items = 5)]
    #[validate(max_length = 200)]
    pub answers: Vec<String>,
    #[validate(max_items = 5)]
    pub tags: Vec<String>,
    pub comment: String,
}
