pub mod tests;

#[path = "../tests/shared.rs"]
pub mod shared;
