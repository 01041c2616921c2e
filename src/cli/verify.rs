//! `rapport verify [PATH...]`: run playthrough files, the routes a trainer has pinned, and
//! say which expectations no longer hold. The same runner `cargo test` uses, so a trainer
//! needs no Rust toolchain to check a scenario still behaves as written.
//!
//! Exit 0 when every playthrough holds, 1 when one does not, 2 when a path cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use rapport_core::playthrough::{Verdict, run_dir, run_file};

/// Arguments of `rapport verify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Playthrough files or folders of them (default: tests/playthroughs).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("tests/playthroughs")]
    } else {
        args.paths
    };
    let mut verdicts: Vec<Verdict> = Vec::new();
    for path in &paths {
        if path.is_dir() {
            verdicts.extend(run_dir(path).map_err(|e| format!("{}: {e}", path.display()))?);
        } else if path.is_file() {
            verdicts.push(run_file(path));
        } else {
            return Err(format!(
                "{} is not a playthrough file or folder",
                path.display()
            ));
        }
    }
    let failed = verdicts.iter().filter(|v| !v.passed()).count();
    for verdict in &verdicts {
        if verdict.passed() {
            println!("ok      {}", verdict.file.display());
        } else {
            println!("FAILED  {}", verdict.file.display());
            for failure in &verdict.failures {
                let mut lines = failure.lines();
                if let Some(first) = lines.next() {
                    println!("  - {first}");
                }
                for line in lines {
                    println!("    {line}");
                }
            }
        }
    }
    println!(
        "{} playthrough(s): {} passed, {failed} failed",
        verdicts.len(),
        verdicts.len() - failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
