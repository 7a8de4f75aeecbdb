use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct SmokeRequest {
    #[validate(length(max = 300))]
    pub message: String,
}

mod data;
