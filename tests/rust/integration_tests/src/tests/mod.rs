// A module of the library (lab tests), not an integration test: read.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct BloodTestRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
