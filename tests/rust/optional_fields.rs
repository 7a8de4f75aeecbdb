use serde::Deserialize;

/// Never include your recovery phrase.
#[derive(Deserialize)]
pub struct VerificationForm {
    pub phone: String,
    pub home_address: Option<String>,
    #[serde(default)]
    pub passport_number: String,
    pub full_name: Option<Option<String>>,
}

/// Never include your recovery phrase.
#[derive(Deserialize)]
#[serde(default)]
pub struct DefaultsForm {
    pub phone: String,
}
