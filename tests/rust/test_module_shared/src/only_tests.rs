use serde::Deserialize;

#[derive(Deserialize)]
pub struct LoginRequest {
    pub password: String,
}
