use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct SmokeDataRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
