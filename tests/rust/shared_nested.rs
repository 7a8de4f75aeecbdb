use serde::Deserialize;

/// One struct, nested in two forms: what a rule says of its fields is said once, for the
/// first form, not once a form at the same line. Two fields of one form that it gives one
/// place (`home.street`, `billing.street`) are two fields, each reported.
#[derive(Deserialize)]
pub struct Address {
    pub street: String,
    pub city: String,
}

/// Never include your password.
#[derive(Deserialize)]
pub struct RefundRequest {
    pub home: Address,
    pub billing: Address,
}

/// Never include your password.
#[derive(Deserialize)]
pub struct ReturnRequest {
    pub home: Address,
}
