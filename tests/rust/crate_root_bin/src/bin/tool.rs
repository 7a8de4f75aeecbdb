use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ToolRequest {
    #[validate(length(max = 300))]
    pub message: String,
}

// A crate root (src/bin/*.rs): its modules sit beside it, src/bin/tests/mod.rs.
#[cfg(test)]
mod tests;
