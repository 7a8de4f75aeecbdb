use serde::Deserialize;

// A suppression comment that names no rule is an error, in test code too.
// datamin: allow -- test data
#[derive(Deserialize)]
// An unknown rule is no error in test-only code.
#[serde(rename_all = "Title Case")]
struct LockoutRequest {
    password: String,
}
