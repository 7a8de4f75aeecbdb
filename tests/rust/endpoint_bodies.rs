use serde::Deserialize;

// Bodies of endpoints that log in, sign up, change a password or look something up are not
// support forms (the default `form_structs` leaves them out): a login's password is what it
// is for, and nothing of it is kept as a ticket.
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

#[derive(Deserialize)]
pub struct LogInForm {
    pub password: String,
}

// Still forms: support requests, tickets and feedback about such things, and names that only
// look alike ("Author", "Lockout").
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

#[derive(Deserialize)]
pub struct LoginProblemTicket {
    pub what_happened: String,
}

#[derive(Deserialize)]
pub struct CustomerQueryForm {
    pub question: String,
}
