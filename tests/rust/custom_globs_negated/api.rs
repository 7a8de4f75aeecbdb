use serde::Deserialize;

#[derive(Deserialize)]
pub struct ContactPayload {
    pub message: String,
}

#[derive(Deserialize)]
pub struct InternalPayload {
    pub note: String,
}

#[derive(Deserialize)]
pub struct LoginRequest {
    pub user: String,
}
