//! `rapport analyse` (being written).

use std::process::ExitCode;

/// Arguments of `rapport analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file.
    #[arg(value_name = "FILE")]
    file: std::path::PathBuf,
}

/// Runs the command.
pub fn run(_args: Args) -> Result<ExitCode, String> {
    Err("`rapport analyse` is not built yet".into())
}
