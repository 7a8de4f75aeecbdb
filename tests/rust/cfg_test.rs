use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct ContactForm {
    #[validate(length(max = 300))]
    pub message: String,
    pub topic: Topic,
}

#[derive(Deserialize)]
pub enum Topic {
    Login,
    Payments,
}

pub fn handler() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct LockoutRequest {
        password: String,
    }
}

// Test-only items outside a `mod tests`, and a test-only definition that would shadow the
// real one.
#[cfg(all(test, feature = "fixtures"))]
#[derive(Deserialize)]
pub struct FixtureRequest {
    pub password: String,
}

#[cfg(test)]
#[derive(Deserialize)]
pub struct Topic {
    pub seed_phrase: String,
}

// Not test-only: read.
#[cfg(not(test))]
#[derive(Deserialize)]
pub struct ReleaseRequest {
    #[validate(length(max = 300))]
    pub note: String,
}

// Deserialize derived for tests only: a request the service sends, never receives.
#[cfg_attr(test, derive(Deserialize))]
pub struct OutgoingRequest {
    pub password: String,
}

// Deserialize derived outside tests too (a feature): a form.
#[cfg_attr(feature = "serde", derive(Deserialize))]
pub struct FeatureRequest {
    pub notes: String,
}
