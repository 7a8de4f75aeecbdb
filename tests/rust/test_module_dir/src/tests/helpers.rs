use serde::Deserialize;

#[derive(Deserialize)]
pub struct SeedRequest {
    pub seed_phrase: String,
}
