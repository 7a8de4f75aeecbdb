use serde::Deserialize;
use std::marker::PhantomData;

#[derive(Deserialize)]
pub struct Customer {
    pub phone_number: String,
    pub date_of_birth: String,
}

/// A typed id: a number, whatever `T` is.
#[derive(Deserialize)]
pub struct Id<T> {
    pub raw: u64,
    _kind: PhantomData<T>,
}

#[derive(Deserialize)]
pub struct Ref<T>(u64, #[serde(skip)] PhantomData<T>);

#[derive(Deserialize)]
pub struct Pair<T>(u64, T);

/// Really holds a `T`: read as one.
#[derive(Deserialize)]
pub struct Tagged<T>(T, PhantomData<u8>);

#[derive(Deserialize)]
pub struct Contact {
    #[validate(email)]
    pub email: String,
}

/// Never include passwords.
#[derive(Deserialize)]
pub struct RefundForm {
    pub customer: Id<Customer>,
    pub other: Ref<Customer>,
    pub pair: Pair<Customer>,
    pub contact: Tagged<Contact>,
    pub marker: PhantomData<Customer>,
}
