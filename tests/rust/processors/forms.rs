use serde::Deserialize;

/// Never include your password.
/// datamin: processors helpdesk
#[derive(Deserialize)]
pub struct RefundForm {
    #[validate(length(max = 300))]
    pub reason: String,
}
