#[derive(Deserialize)]
pub struct SupportTicket {
    /* datamin: allow DM001 -- one line */ pub a: String,
    pub b: String, /* datamin: allow DM003 -- after code */ // then a line comment
    /* datamin: allow DM001 -- over
     * two lines */
    /* plain /* nested */ still open */
    #[serde(default /* ] */)]
    pub c: String,
    /** datamin: allow DM001 -- a doc comment */
    pub d: &'static str, // "/* datamin: allow DM001 -- in a string */"
    /* datamin: allow DM001 -- never closed
}
