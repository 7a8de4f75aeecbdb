#[derive(Deserialize)]
pub struct F {
    // datamin: allow DM001 -- capped
    #[doc = r#"a "[x]" ]
    "]" "#]
    pub a: String,
    // datamin: allow DM001 -- capped
    #[doc = "b ]
    \" ] c"] #[serde(default)] pub b: String,
    // datamin: allow DM001 -- unterminated
    #[doc = br##"never closed ]
    // datamin: allow DM001 -- inside the string
    #[cfg_attr(x, doc = cr"]")] '[' r
