// src/bin/admin_tests.rs is this test module, and a binary of its own too (Cargo builds every
// src/bin/*.rs): read.
#[cfg(test)]
mod admin_tests;

fn main() {}
