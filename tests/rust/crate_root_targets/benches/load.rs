// benches/fixtures/mod.rs, beside this crate root.
#[cfg(test)]
mod fixtures;

fn main() {}
