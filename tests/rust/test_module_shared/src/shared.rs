use serde::Deserialize;

/// purpose: answering the customer.
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub message: String,
}
