// No serde here: read for its module declarations only.
pub mod api;

#[cfg(all(test, feature = "fixtures"))]
mod tests;
