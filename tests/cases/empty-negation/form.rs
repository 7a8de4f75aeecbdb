use serde::Deserialize;

#[derive(Deserialize)]
pub struct ContactForm {
    pub message: String,
}
