use serde::Deserialize;

// Not checked: none of its suppressions is unused (DM903), reason-less (DM902) or of an
// unknown rule (DM901); a malformed one is still an error.
#[derive(Deserialize)]
pub struct ContactForm {
    // datamin: allow DM001 -- test data
    pub message: String,
    // datamin: allow DM002
    pub email: String,
    // datamin: allow DM999 -- no such rule
    pub phone: String,
    // datamin: alow DM002 -- misspelt
    pub name: String,
}
