use serde::Deserialize;

#[derive(Deserialize)]
pub struct SupportTicket {
    pub details: String,
}
