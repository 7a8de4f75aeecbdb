use serde::Deserialize;

#[derive(Deserialize)]
pub struct ReplayRequest {
    pub password: String,
}
