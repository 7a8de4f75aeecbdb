use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct EscalationRequest {
    pub contact: ContactEmail,
    pub reference: Reference,
    pub phone: Phone,
    pub replies: Vec<Self>,
    pub parent: Option<Box<EscalationRequest>>,
    #[serde(with = "trimmed")]
    pub summary: String,
}

/// Read from a plain string.
#[derive(Deserialize)]
#[serde(try_from = "String")]
pub struct ContactEmail {
    pub user: String,
    pub domain: String,
}

#[derive(Deserialize)]
#[serde(transparent)]
pub struct Reference {
    pub id: uuid::Uuid,
}

#[derive(Deserialize)]
#[serde(from = "u64")]
pub struct Phone {
    pub digits: String,
}

fn quotes() -> (char, char, char) {
    ('\'', '\\', '"')
}
