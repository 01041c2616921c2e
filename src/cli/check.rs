//! `rapport check [PATH...]`: find every problem in scenario files.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use rapport_core::check::{CheckReport, check_path, check_unique_ids};
use rapport_core::framework::Framework;

/// Arguments of `rapport check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders (default: scenarios/).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Print the problems as JSON (for tools).
    #[arg(long)]
    json: bool,
    /// Only the summary line and errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Whether to colour output.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Runs the check. Exit 0: no errors; 1: errors (or warnings with --deny-warnings);
/// 2: usage problems (a path that does not exist).
pub fn run(args: Args) -> Result<ExitCode, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        args.paths
    };
    let mut reports: Vec<CheckReport> = Vec::new();
    // Files count by what was asked for, including ones that could not be read.
    let mut files = 0;
    for path in &paths {
        let (framework, framework_problems) = Framework::discover(path);
        if !framework_problems.is_empty() {
            reports.push(CheckReport {
                file: framework
                    .origin
                    .as_ref()
                    .map_or_else(|| "assets".into(), |o| o.display().to_string()),
                diagnostics: framework_problems,
                scenario: None,
                program: None,
            });
        }
        let found = check_path(path, &framework).map_err(|e| e.to_string())?;
        if found.is_empty() {
            // Checking nothing is not a pass: the folder is probably not the one meant.
            return Err(format!(
                "there are no scenario files (.ron) in {}",
                path.display()
            ));
        }
        files += found.len();
        reports.extend(found);
    }
    check_unique_ids(&mut reports);
    let errors: usize = reports.iter().map(CheckReport::errors).sum();
    let warnings: usize = reports.iter().map(CheckReport::warnings).sum();

    if args.json {
        let all: Vec<&rapport_core::diagnostic::Diagnostic> =
            reports.iter().flat_map(|r| &r.diagnostics).collect();
        let out = serde_json::json!({
            "files": files,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": all,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
    } else {
        let color = use_color();
        for report in &reports {
            for d in &report.diagnostics {
                if args.quiet && !d.is_error() {
                    continue;
                }
                eprintln!("{}", d.render(color));
            }
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let verdict = if errors > 0 { "FAILED" } else { "ok" };
        eprintln!(
            "checked {}: {}, {} ({verdict})",
            plural(files, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
