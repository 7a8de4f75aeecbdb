// Test-only: declared `#[cfg(test)] mod tests;` in src/bin/tool.rs.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ToolTestRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
