//! `rapport graph FILE --format dot|mermaid`: the conversation as a graph.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport_analysis::graph::{GraphFormat, render};

/// Output formats of `rapport graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz: `rapport graph FILE | dot -Tpng -o graph.png`.
    Dot,
    /// Mermaid flowchart, for Markdown pages and mermaid.live.
    Mermaid,
}

/// Arguments of `rapport graph`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The output format.
    #[arg(long, short, value_enum, default_value = "dot")]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// Prints (or writes) the graph. Exit 1 when the scenario has errors.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let (program, _framework) = match super::load_playable(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let format = match args.format {
        Format::Dot => GraphFormat::Dot,
        Format::Mermaid => GraphFormat::Mermaid,
    };
    let text = render(program.scenario(), format);
    super::write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
