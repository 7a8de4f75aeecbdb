#[derive(serde::Deserialize)]
pub struct Customer { pub full_name: String, pub date_of_birth: String }
