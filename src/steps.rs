//! Steps of an algorithm counted in tests, so that a test holds it to a bound (linear, not
//! quadratic) without timing anything: tests check behaviour, benchmarks measure time.

/// Defines `$step()`, one step counted, and the thread's count `$counter` that tests read and
/// reset; outside tests `$step()` does nothing.
macro_rules! step_counter {
    ($(#[$doc:meta])* $counter:ident, $step:ident) => {
        #[cfg(test)]
        thread_local! {
            $(#[$doc])*
            static $counter: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }

        fn $step() {
            #[cfg(test)]
            $counter.with(|c| c.set(c.get() + 1));
        }
    };
}

pub(crate) use step_counter;
