// An integration test, and a module of the library too (src/lib.rs): read.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct SharedRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
