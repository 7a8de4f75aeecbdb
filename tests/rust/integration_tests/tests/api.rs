// An integration test: built by `cargo test` only, with cfg(test).
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ApiTestRequest {
    #[validate(length(max = 300))]
    pub message: String,
}

mod common;
