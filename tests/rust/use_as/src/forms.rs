use crate::types::Address as PostalAddress;
use crate::types::{contact::Phone as Tel, Topic as Subject};
use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct DeliveryForm {
    pub postal: PostalAddress,
    pub subject: Subject,
    pub tel: Tel,
    pub reexported: crate::types::Kind,
}
