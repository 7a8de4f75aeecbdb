use serde::Deserialize;

#[derive(Deserialize)]
struct LockoutRequest {
    password: String,
}
