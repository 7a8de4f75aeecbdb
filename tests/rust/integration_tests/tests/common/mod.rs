// Declared by tests/api.rs: test-only too.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct CommonRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
