use serde::Deserialize;

/// datamin: processors  helpdsk
#[derive(Deserialize)]
pub struct RefundForm {
    #[validate(length(max = 300))]
    pub reason: String,
}
