use serde::Deserialize;

/// One struct, nested in two forms: each form's findings are reported (each form's identity,
/// for baselines and `ignore:`), and the human output shows them once, naming the other
/// form. Two fields of one form that it gives one place (`home.street`, `billing.street`)
/// are two fields, each shown.
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
