// No serde here: only modules, each test-only since this one is.
mod helpers;

mod cases {
    mod login;
}
