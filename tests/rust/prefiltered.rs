//! No serde derive here: this file is skipped before it is parsed, broken as it is.

pub struct ContactForm {
    pub message: String
    pub email: String,
}
