use serde::Deserialize;

#[derive(Deserialize)]
pub struct Address {
    pub street: String,
    /// purpose: to find the nearest shop
    pub city: String,
}

#[derive(Deserialize)]
pub enum Contact {
    Phone { number: String },
    Email(String),
}

/// A purpose on a field of a struct type is its fields' purpose, unless they declare their
/// own; the same struct nested without one still asks without a purpose. Never include your
/// password.
#[derive(Deserialize)]
pub struct ReturnRequest {
    /// purpose: to send the replacement
    pub shipping: Address,
    pub home: Address,
    /// purpose: to reach you if the courier cannot find the door
    pub contact: Contact,
    pub backup_contact: Contact,
}
