//! `rapport analyse FILE`: explore every state of a scenario exactly and report reachability,
//! dead ends, loops, routes, the best and worst composite scores and where each skill is on
//! offer.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport_analysis::{Options, analyse_with};

/// Arguments of `rapport analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print the report as JSON (for tools).
    #[arg(long)]
    json: bool,
    /// Stop exploring after this many states (the report then says it is partial).
    #[arg(
        long,
        value_name = "N",
        default_value_t = Options::default().max_states as u64,
        value_parser = super::at_least_one
    )]
    max_states: u64,
    /// Keep every distinct state instead of merging equivalent ones (slow; for checking the
    /// reduction).
    #[arg(long, hide = true)]
    no_reduce: bool,
}

/// Runs the analysis. Exit 0: nothing to fix; 1: the scenario has errors, or the analysis
/// found unreachable nodes or endings, stuck decisions, runtime errors or states from which
/// no ending can be reached.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let (program, framework) = match super::load_playable(&args.file) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let scenario = program.scenario();
    let analysis = analyse_with(
        scenario,
        &framework,
        Options {
            max_states: usize::try_from(args.max_states).unwrap_or(usize::MAX),
            reduce: !args.no_reduce,
        },
    );
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&analysis).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", analysis.to_text());
    }
    Ok(if analysis.has_problems() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
