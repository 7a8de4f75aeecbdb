use std::borrow::Cow;

use serde::Deserialize;

/// Paged search over tickets. Never include passwords.
#[derive(Deserialize)]
pub struct EscalateRequest<'a, F> {
    pub filter: F,
    pub query: Cow<'a, str>,
    pub page: Paged<Contact>,
    pub labels: Box<[Box<str>]>,
}

#[derive(Deserialize)]
pub struct Paged<T> {
    pub size: usize,
    pub first: T,
}

#[derive(Deserialize)]
pub struct Contact {
    #[validate(length(max = 100))]
    pub phone_number: &'static str,
}

type Notes = Option<String>;

/// Never include passwords.
#[derive(Deserialize)]
pub struct AliasFeedback {
    pub notes: Notes,
}
