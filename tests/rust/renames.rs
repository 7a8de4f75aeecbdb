use serde::Deserialize;

/// Tell us about the account. Never include your password.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountRecoveryRequest {
    #[serde(rename = "mail")]
    #[validate(email)]
    pub email_address: String,
    pub date_of_birth: Option<String>,
    #[serde(rename(serialize = "ser", deserialize = "homeStreet"))]
    pub street: Option<String>,
    #[serde(skip)]
    pub internal_score: u32,
    #[serde(skip_deserializing)]
    pub password: String,
    #[serde(alias = "phone", default)]
    pub mobile_number: String,
    pub r#type: RecoveryKind,
}

#[derive(Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecoveryKind {
    LostDevice,
    #[serde(rename = "forgot")]
    ForgotPassword,
    #[serde(skip)]
    Internal,
}
