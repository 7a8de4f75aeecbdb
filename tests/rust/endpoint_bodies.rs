use serde::Deserialize;

// Bodies of endpoints that log in, sign up, change a password or look something up are not
// support forms (the default `form_structs` takes them out with `!` globs): a login's
// password is what it is for, and nothing of it is kept as a ticket.
#[derive(Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Deserialize)]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
}

#[derive(Deserialize)]
pub struct SearchDoctorRequest {
    pub name: String,
}

#[derive(Deserialize)]
pub struct AuthRequest {
    pub token: String,
}

// Still forms: support requests, and names that only look alike ("Author", "Lockout").
#[derive(Deserialize)]
pub struct RefundRequest {
    /// What went wrong?
    pub details: String,
}

#[derive(Deserialize)]
pub struct AuthorFeedback {
    pub comments: String,
}

#[derive(Deserialize)]
pub struct LockoutRequest {
    pub account_email: String,
}
