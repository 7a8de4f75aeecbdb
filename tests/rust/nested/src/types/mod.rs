use serde::Deserialize;

#[derive(Deserialize)]
pub struct Address {
    /// Street and number.
    pub street: String,
    pub postcode: String,
    pub country: Country,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Country {
    France,
    Germany,
}

#[derive(Deserialize)]
pub struct Meta {
    #[validate(length(max = 40))]
    pub channel: String,
    pub client: Client,
}

#[derive(Deserialize)]
pub struct Client(pub String);
