//! `rapport script FILE --format html|markdown [-o PATH]`: the whole scenario as a readable
//! script for paper workshops with lived-experience contributors.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport_core::script::{to_html, to_markdown};

/// Output formats of `rapport script`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A self-contained web page that prints on A4 (open it in a browser and print).
    Html,
    /// Markdown, for editors and wikis.
    Markdown,
}

/// Arguments of `rapport script`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The output format.
    #[arg(long, short, value_enum, default_value = "html")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// Prints (or writes) the script. Exit 1 when the scenario has errors.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let (program, _framework) = match super::load_playable(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let text = match args.format {
        Format::Html => to_html(program.scenario()),
        Format::Markdown => to_markdown(program.scenario()),
    };
    if let Some(path) = super::write_output(args.output.as_deref(), &text)? {
        eprintln!(
            "wrote the script of {} to {}",
            args.file.display(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
