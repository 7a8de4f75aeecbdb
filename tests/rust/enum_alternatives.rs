//! Only one variant of an enum is sent: what two variants hold is never both asked (no
//! DM010 between `home_address` and `delivery_address`); within one variant it is, and so
//! it is between the variants of a list's entries (each entry may be another).
use serde::Deserialize;

/// Never include your recovery phrase or passwords.
#[derive(Deserialize)]
pub struct CardReplacementRequest {
    /// How to send the card.
    pub delivery: Delivery,
}

#[derive(Deserialize)]
#[serde(tag = "kind")]
pub enum Delivery {
    Post {
        /// purpose: to post the card
        #[validate(length(max = 200))]
        home_address: String,
    },
    Courier {
        /// purpose: to send the courier
        #[validate(length(max = 200))]
        delivery_address: String,
        /// purpose: for the courier
        #[validate(length(max = 20))]
        phone: String,
        /// purpose: for the courier
        #[validate(length(max = 20))]
        mobile_phone: String,
    },
}

/// Never include your recovery phrase or passwords.
#[derive(Deserialize)]
pub struct ContactUpdateRequest {
    /// Each entry may be another variant: a personal and a work email are both sent.
    pub contacts: Vec<Contact>,
}

#[derive(Deserialize)]
pub enum Contact {
    Personal {
        /// purpose: to reach you
        #[validate(length(max = 200))]
        email: String,
    },
    Work {
        /// purpose: to reach you at work
        #[validate(length(max = 200))]
        work_email: String,
    },
}
