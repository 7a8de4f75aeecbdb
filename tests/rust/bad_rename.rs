use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelcase")]
pub struct ContactForm {
    pub message: String,
}
