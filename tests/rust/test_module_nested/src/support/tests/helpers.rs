use serde::Deserialize;

mod deeper;

#[derive(Deserialize)]
pub struct SeedRequest {
    pub seed_phrase: String,
}
