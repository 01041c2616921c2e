//! The `rapport` command: a thin layer over the library. See `rapport --help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    rapport_cli::run()
}

#[path = "cli/mod.rs"]
mod rapport_cli;
