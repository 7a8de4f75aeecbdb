use serde::Deserialize;

mod helpers;

#[derive(Deserialize)]
struct LockoutRequest {
    password: String,
}
