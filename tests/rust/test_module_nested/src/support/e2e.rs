#![cfg(test)]

mod data;
