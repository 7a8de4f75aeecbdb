use serde::Deserialize;

/// Never include passwords.
///
/// datamin: processors helpdesk-eu, helpdesk
#[derive(Deserialize)]
pub struct RefundForm {
    #[validate(length(max = 300))]
    pub reason: String,
}

/// Never include passwords.
///
/// datamin: processors data, process
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub reason: String,
}

/**
 * Never include passwords.
 *
 * datamin: processors helpdesk-eu,helpdesk
 */
#[derive(Deserialize)]
pub struct BlockForm {
    #[validate(length(max = 300))]
    pub reason: String,
}
