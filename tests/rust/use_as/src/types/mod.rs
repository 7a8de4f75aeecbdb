use serde::Deserialize;

#[derive(Deserialize)]
pub struct Address {
    #[validate(length(max = 100))]
    pub street: String,
    #[validate(length(max = 50))]
    pub city: String,
}

pub use self::Topic as Kind;

#[derive(Deserialize)]
pub enum Topic {
    Delivery,
    Refund,
}

pub mod contact {
    #[derive(Deserialize)]
    pub struct Phone(pub String);
}
