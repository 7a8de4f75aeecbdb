//! datamin: a data-minimization linter for customer-support forms and ticket-retention
//! configs.
//!
//! One pipeline, one direction: [`discover`] files → [`formats`] load each into the
//! [`model`] (every node spanned) → [`rules`] evaluate → findings → [`suppress`] and
//! [`baseline`] → [`report`].

pub mod audit;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod diag;
pub mod discover;
pub mod formats;
pub mod fuzzing;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
mod steps;
pub mod suppress;
pub mod syntax;

mod pipeline;

pub use pipeline::{
    check, load_rules, on_pool, parse_only, project_rules, unknown_rules, CheckOptions, Stdin,
};
pub use report::Report;
