// Not the file `mod tests;` in src/bin/desk/helper.rs names, and declared by no file: read.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct DeskTestRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
