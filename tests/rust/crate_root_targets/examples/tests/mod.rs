use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct DemoTestRequest {
    #[validate(length(max = 300))]
    pub message: String,
}
