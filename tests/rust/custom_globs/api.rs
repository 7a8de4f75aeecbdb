use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactPayload {
    pub message: String,
}

/// Not a form here: the config replaces the default globs.
#[derive(Deserialize)]
pub struct ContactForm {
    pub message: String,
}
