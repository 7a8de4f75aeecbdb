use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize)]
pub struct IssueForm {
    pub reference: Reference,
    pub problem: Problem,
    pub reach_us: Option<Channel>,
    pub place: Place<Shop>,
    pub steps: Vec<Step>,
    pub tree: Node,
}

/// An order number, or words when there is none.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Reference {
    Number(u64),
    Description(String),
}

#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Problem {
    Login,
    Other {
        what_happened: String,
        #[validate(length(max = 300))]
        steps_taken: String,
    },
    #[serde(skip)]
    Internal { note: String },
}

/// Externally tagged: `"None"`, `{"Mail": "..."}`, `{"Callback": {...}}`.
#[derive(Deserialize)]
pub enum Channel {
    None,
    /// Where we write to.
    Mail(#[validate(email)] String),
    Callback {
        phone_number: String,
    },
    Pair(u32, String),
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "value")]
pub enum Place<T> {
    Online,
    Store(T),
    Elsewhere { #[validate(length(max = 80))] city: String },
}

#[derive(Deserialize)]
pub struct Shop {
    #[validate(length(max = 40))]
    pub shop_name: String,
    pub home_address: String,
}

#[derive(Deserialize)]
pub enum Step {
    Click,
    Typed(#[validate(length(max = 50))] String),
}

/// Nests itself: read once, not forever.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Node {
    Leaf(#[validate(length(max = 10))] String),
    Group(Vec<Node>),
    Boxed(Box<Self>),
}
