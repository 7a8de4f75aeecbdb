// A build script is a crate root: its modules sit beside it, in the package's folder.
#[cfg(test)]
mod build_tests;

fn main() {}
