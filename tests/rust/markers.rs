use serde::Deserialize;

/// The wallet recovery questionnaire.
///
/// datamin: form wallet-recovery
/// Never include your recovery phrase.
#[derive(Deserialize)]
pub struct Questionnaire {
    /// Your date of birth.
    /// Purpose: required by law to recover an account in some regions.
    pub dob: Option<String>,
    /// Your home address.
    pub address: Option<String>,
}

/** datamin: form
 *  Never include your password. */
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "validate", derive(validator::Validate))]
pub struct Survey {
    #[cfg_attr(feature = "validate", validate(length(max = 300)))]
    pub comment: String,
}

#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
pub struct LegacyForm {
    pub surname: String,
}
