// A private `use ... as` renames only in its own file: api.rs's Contact (another crate's) is not models::Customer.
use crate::models::Customer as Contact;
pub fn f(_c: Contact) {}
// Deserialize
