use serde::Deserialize;

/// Never include passwords.
#[derive(Deserialize, validator::Validate)]
pub struct TagsForm {
    /// At most five tags, each as long as anyone likes.
    #[validate(length(max = 5))]
    pub tags: Vec<String>,
    #[validate(length(max = 80))]
    pub subject: String,
    #[validate(length(max = 3))]
    pub labels: Option<Vec<String>>,
}

/// Never include passwords.
#[derive(Deserialize, garde::Validate)]
pub struct GardeTagsForm {
    #[garde(length(max = 5))]
    pub tags: Vec<String>,
    #[garde(inner(length(max = 200)))]
    pub answers: Vec<String>,
    #[garde(length(max = 5), inner(length(chars, max = 40)))]
    pub keywords: Option<Vec<String>>,
    #[garde(inner(length(max = 5)))]
    pub table: Vec<Vec<String>>,
    #[garde(inner(inner(length(max = 50))))]
    pub rows: Vec<Vec<String>>,
}
