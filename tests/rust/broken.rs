use serde::Deserialize;

#[derive(Deserialize)]
pub struct ContactForm {
    pub email: String
    pub message: String,
}
