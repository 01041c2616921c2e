//! `rapport graph` (being written).

use std::process::ExitCode;

/// Arguments of `rapport graph`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file.
    #[arg(value_name = "FILE")]
    file: std::path::PathBuf,
}

/// Runs the command.
pub fn run(_args: Args) -> Result<ExitCode, String> {
    Err("`rapport graph` is not built yet".into())
}
