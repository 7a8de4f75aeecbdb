use serde::Deserialize;

#[derive(Deserialize)]
struct CaseRequest {
    password: String,
}
