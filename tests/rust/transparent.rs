use std::marker::PhantomData;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(transparent)]
pub struct Attachment(Vec<u8>);

#[derive(Deserialize)]
#[serde(transparent)]
pub struct Count(u32);

#[derive(Deserialize)]
pub enum Topic {
    Login,
    Payments,
}

#[derive(Deserialize)]
#[serde(transparent)]
pub struct TopicChoice(Topic);

#[derive(Deserialize)]
#[serde(transparent)]
pub struct Tagged<T>(#[serde(skip)] PhantomData<T>, u64);

/// Never include passwords.
#[derive(Deserialize)]
pub struct TransparentForm {
    #[validate(length(max = 100))]
    pub note: String,
    /// The screenshot: read as a file upload.
    pub screenshot: Attachment,
    pub count: Count,
    pub topic: TopicChoice,
    pub order: Tagged<String>,
}
