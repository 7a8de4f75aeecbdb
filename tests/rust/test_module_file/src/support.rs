use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub message: String,
}

// Declared without `cfg(test)`: read.
pub mod refunds;

// Compiled for tests only, though `tests.rs` does not say so: this declaration does.
#[cfg(test)]
mod tests;
