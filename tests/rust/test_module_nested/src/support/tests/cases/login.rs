use serde::Deserialize;

#[derive(Deserialize)]
struct LoginRequest {
    password: String,
}
