//! The support form of a wallet app's back end (axum + validator).

use axum::{extract::State, Form};
use chrono::NaiveDate;
use serde::Deserialize;
use validator::Validate;

/// Contact support. Never include your recovery phrase: we will never ask for it.
///
/// datamin: processors helpdesk
#[derive(Debug, Deserialize, Validate)]
#[serde(rename_all = "camelCase")]
pub struct ContactTicket {
    /// We reply to this address.
    #[validate(email)]
    pub email: String,
    pub topic: Topic,
    #[validate(length(max = 80))]
    pub subject: String,
    /// Tell us everything that happened.
    pub details: String,
    pub date_of_birth: Option<NaiveDate>,
    /// A screenshot of the error.
    pub screenshot: Option<Vec<u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    SignIn,
    SendingFunds,
    Other,
}

pub async fn contact(State(db): State<Db>, Form(form): Form<ContactTicket>) -> &'static str {
    db.open_ticket(form).await;
    "We will get back to you."
}
