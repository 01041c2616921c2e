//! `rapport debrief` (being written).

use std::process::ExitCode;

/// Arguments of `rapport debrief`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file.
    #[arg(value_name = "FILE")]
    file: std::path::PathBuf,
}

/// Runs the command.
pub fn run(_args: Args) -> Result<ExitCode, String> {
    Err("`rapport debrief` is not built yet".into())
}
