//! Deserialize structs that are not forms, and a form-named struct without Deserialize.

use serde::{Deserialize, Serialize};

/// Settings read from a file.
#[derive(Deserialize)]
pub struct Settings {
    pub password: String,
    pub notes: String,
}

/// Built in code, never deserialized.
#[derive(Serialize)]
pub struct ContactForm {
    pub date_of_birth: String,
}

/// A tuple struct is not a form.
#[derive(Deserialize)]
pub struct PingRequest(pub String);

#[derive(Deserialize)]
pub enum TicketRequest {
    Open { message: String },
}

fn f() {
    #[derive(Deserialize)]
    struct InnerForm {
        message: String,
    }
}
