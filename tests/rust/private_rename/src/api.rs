use serde::Deserialize;
use crm_client::Contact; // a type of another crate: an id and a channel
#[derive(Deserialize)]
pub struct SupportForm { pub contact: Contact, pub other: crm_client::Contact }
