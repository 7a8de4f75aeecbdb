// An example is read; its modules sit beside it: examples/tests/mod.rs.
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct DemoRequest {
    #[validate(length(max = 300))]
    pub message: String,
}

#[cfg(test)]
mod tests;

fn main() {}
