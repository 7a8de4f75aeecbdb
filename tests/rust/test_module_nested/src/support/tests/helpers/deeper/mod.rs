use serde::Deserialize;

#[derive(Deserialize)]
pub struct DeepRequest {
    pub password: String,
}
