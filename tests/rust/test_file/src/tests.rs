// A test module in a file of its own, marked as such inside: a fixture, not a form.
#![cfg(test)]

use serde::Deserialize;

#[derive(Deserialize)]
struct LockoutRequest {
    password: String,
}
