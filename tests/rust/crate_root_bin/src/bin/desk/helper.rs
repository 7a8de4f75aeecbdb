use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct HelperRequest {
    #[validate(length(max = 300))]
    pub message: String,
}

// An ordinary module (declared by src/bin/desk/main.rs): src/bin/desk/helper/tests.rs.
#[cfg(test)]
mod tests;
