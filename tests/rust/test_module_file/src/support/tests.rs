use serde::Deserialize;

use super::*;

#[derive(Deserialize)]
struct LoginRequest {
    password: String,
}

#[derive(Deserialize)]
pub struct Payout {
    pub iban: String,
}
