use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub message: String,
}

#[cfg(test)]
mod tests;

// Test-only by its own `#![cfg(test)]`, and so are the modules it declares.
mod e2e;
