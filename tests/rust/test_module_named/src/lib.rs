//! Declares a test module, and a broken one.
pub mod api;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod broken;
