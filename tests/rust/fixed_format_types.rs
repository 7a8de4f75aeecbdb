use serde::Deserialize;

/// A withdrawal: the types of other crates here hold values of fixed format, which no one
/// types a life story into. Never include your seed phrase.
#[derive(Deserialize)]
pub struct WithdrawRequest {
    pub to: CurrencyAddress,
    pub amount: U256,
    pub device: Option<DeviceId>,
    pub chain: ChainType,
    pub previous: Vec<CurrencyTxId>,
    pub owner: Id<Customer>,
    /// purpose: tell the holder of the account we write to
    pub contact: EmailAddress,
    pub note: Message,
    // A bare `Address` may be a postal one (stripe's): it stays text.
    pub billing: Option<Address>,
    pub shipping: Option<PostalAddress>,
}

#[derive(Deserialize)]
pub struct Customer {
    pub full_name: String,
}
