use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
#[serde(rename_all(deserialize = "camelCase"), rename_all(serialize = "SCREAMING_SNAKE_CASE"))]
pub struct ProfileForm {
    #[serde(rename(deserialize = "dob"))]
    #[serde(rename(serialize = "birthDate"))]
    pub date_of_birth: Option<chrono::NaiveDate>,
    #[serde(rename(deserialize = "street"), rename(serialize = "homeStreet"))]
    pub home_address: Option<String>,
    pub phone_number: Option<String>,
    #[serde(rename(deserialize = "ref"))]
    #[serde(alias = "reference")]
    #[serde(rename(serialize = "REF"))]
    #[validate(length(max = 40))]
    pub ticket_reference: String,
}
