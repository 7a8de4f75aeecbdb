// Not the file `#[path = "fixtures.rs"]` in src/support.rs names, and declared by no file:
// read.
use serde::Deserialize;

#[derive(Deserialize)]
pub struct OrphanRequest {
    pub password: String,
}
