//! The integration tests, one binary (as mdBook's and ripgrep's): each
//! module builds real sites into temporary folders and checks the output,
//! runs the `sahifa` binary the way users do, or drives a real browser.
//! Shared helpers are in `common`.

mod common;

mod architecture;
mod browser;
mod build_rules;
mod cli;
mod deploy;
mod editorial;
mod first_hour;
mod formats;
mod hostile;
mod newsroom;
mod output_safety;
mod pictures;
mod properties;
mod publishing;
mod reading;
mod redirects;
mod sample_site;
mod scraped;
mod search;
mod serve;
mod serve_attacks;
mod time_bombs;
mod validators;
