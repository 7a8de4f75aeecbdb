use serde::Deserialize;

// A file that does not parse is an error, declared for tests or not: datamin cannot tell
// what it declares.
#[derive(Deserialize)]
struct Broken {
    a: String
    b: String,
}
