use serde::Deserialize;

/// Tell us which part of the app is broken. Do not include passwords.
#[derive(Deserialize)]
pub struct AppFeedback {
    pub area: Area,
    pub also_affected: Vec<Area>,
    pub rating: u8,
    pub screenshot: Option<Vec<u8>>,
    pub attachment: Option<axum_typed_multipart::FieldData<tempfile::NamedTempFile>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    SignIn,
    SendingFunds,
    Other,
}
