use serde::Deserialize;

#[derive(Deserialize)]
pub struct LockoutRequest {
    pub password: String,
}
