//! The library uses `shared` in its tests only...
#[cfg(test)]
mod shared;

#[cfg(test)]
mod only_tests;
