use serde::Deserialize;

mod helpers;

#[derive(Deserialize)]
struct LoginRequest {
    password: String,
}
