use serde::Deserialize;

// Loaded through `#[path]`: its modules sit beside it (src/seeds.rs), as in a `mod.rs`.
mod seeds;

#[derive(Deserialize)]
struct FixtureRequest {
    password: String,
}
