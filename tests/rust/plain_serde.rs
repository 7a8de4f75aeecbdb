//! A support form as an axum handler receives it: plain serde, no validation crate.

use chrono::NaiveDate;
use serde::Deserialize;

/// Contact support.
#[derive(Debug, Deserialize)]
pub struct SupportTicketForm {
    /// We reply to this address.
    pub email: String,
    pub subject: String,
    /// Describe the problem.
    pub message: String,
    pub order_number: Option<u64>,
    pub purchased_on: Option<NaiveDate>,
    pub subscribe: bool,
    pub date_of_birth: NaiveDate,
}

pub async fn submit(axum::Form(form): axum::Form<SupportTicketForm>) -> &'static str {
    let _ = form;
    "thanks"
}
