use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub message: String,
}

// Outside inline modules, `#[path]` is relative to this file's folder: src/fixtures.rs.
#[cfg(test)]
#[path = "fixtures.rs"]
mod fixtures;

// Inside one, relative to the folder of the inline module: src/support/checks/cases.rs.
mod checks {
    #[cfg(test)]
    #[path = "cases.rs"]
    mod cases;
}
