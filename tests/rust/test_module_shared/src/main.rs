//! ...but the binary, deployed, uses it.
mod shared;

fn main() {}
