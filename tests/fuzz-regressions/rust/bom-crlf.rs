#![allow(x)]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CrlfForm {
    /// éé
    été_x: String,
}
