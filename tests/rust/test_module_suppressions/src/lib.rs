//! Declares a test module whose suppression comments are not judged: it is not checked.
pub mod api;

#[cfg(test)]
mod tests;
