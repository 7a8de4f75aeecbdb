use serde::Deserialize;

use crate::types::{Address, Meta};

/// Shipping problems. Never include card numbers.
#[derive(Deserialize)]
pub struct ShippingTicket {
    #[validate(length(max = 80))]
    pub order: String,
    pub address: Address,
    pub previous_address: Option<Address>,
    #[serde(flatten)]
    pub meta: Meta,
}
