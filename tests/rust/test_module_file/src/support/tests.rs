use serde::Deserialize;

use super::*;

#[derive(Deserialize)]
struct LockoutRequest {
    password: String,
}

#[derive(Deserialize)]
pub struct Payout {
    pub iban: String,
}

// What would be an input error in a form is none in test-only code.
#[derive(Deserialize)]
#[serde(rename_all = "Title Case")]
struct SpacedRequest {
    display_name: String,
}
