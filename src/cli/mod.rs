//! The command line: one file per subcommand, each `run(args) -> Result<ExitCode, String>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod analyse;
mod check;
mod debrief;
mod graph;
mod new;
mod play;
mod review;
mod script;
mod verify;

/// Rapport: practise the conversations of probation supervision.
///
/// With no subcommand, opens the app.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Where transcripts are saved (default: your user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario files for mistakes (default: the scenarios/ folder).
    Check(check::Args),
    /// Play a scenario in the terminal, or run a scripted route.
    Play(play::Args),
    /// Print the debrief of a saved transcript again.
    Debrief(debrief::Args),
    /// Explore every route through a scenario: reachability, scores, loops.
    #[command(alias = "analyze")]
    Analyse(analyse::Args),
    /// Draw a scenario as a graph (Graphviz dot or Mermaid).
    Graph(graph::Args),
    /// Run playthrough files: pinned routes and what must come out of them.
    Verify(verify::Args),
    /// Start a new scenario from a commented template.
    New(new::Args),
    /// What lived-experience contributors said about the scenarios: status, list, accept, reject.
    Review(review::Args),
    /// Write a scenario as a readable script for paper workshops (HTML or Markdown).
    Script(script::Args),
    /// Open the app (optionally on one scenario, playing given choices, taking a screenshot).
    App(AppArgs),
}

/// Arguments of `rapport app`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AppArgs {
    /// A scenario id (from scenarios/) or a path to a .ron file.
    #[arg(long, value_name = "ID_OR_PATH")]
    pub scenario: Option<String>,
    /// Choice ids to play, separated by commas.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub choose: Vec<String>,
    /// Write a PNG of the window once the screen has settled, then exit.
    #[arg(long, value_name = "PATH")]
    pub screenshot: Option<PathBuf>,
    /// The scenarios folder.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    pub scenarios: PathBuf,
}

/// Writes a command's output to `path` (atomically) or, without one, to standard output
/// (a closed pipe, as in `rapport graph FILE | head`, is not a failure). Returns the path
/// written, if any.
pub(crate) fn write_output<'p>(
    path: Option<&'p std::path::Path>,
    text: &str,
) -> Result<Option<&'p std::path::Path>, String> {
    match path {
        Some(path) => {
            rapport_core::transcript::write_atomic(path, text.as_bytes())
                .map_err(|e| rapport_core::transcript::write_problem(path, &e))?;
            Ok(Some(path))
        }
        None => {
            play::emit(text);
            Ok(None)
        }
    }
}

/// A count of 1 or more (`--random`, `--max-states`): 0 would do nothing, silently.
pub(crate) fn at_least_one(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("give a number of 1 or more (0 would do nothing)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Play(args)) => play::run(args, cli.data_dir.as_deref()),
        Some(Command::Debrief(args)) => debrief::run(args),
        Some(Command::Analyse(args)) => analyse::run(args),
        Some(Command::Graph(args)) => graph::run(args),
        Some(Command::Verify(args)) => verify::run(args),
        Some(Command::New(args)) => new::run(args),
        Some(Command::Review(args)) => review::run(args),
        Some(Command::Script(args)) => script::run(args),
        Some(Command::App(args)) => open_app(args, cli.data_dir),
        None => open_app(AppArgs::default_with_folder(), cli.data_dir),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("rapport: {message}");
            ExitCode::from(2)
        }
    }
}

impl AppArgs {
    fn default_with_folder() -> AppArgs {
        AppArgs {
            scenarios: PathBuf::from("scenarios"),
            ..AppArgs::default()
        }
    }
}

#[cfg(feature = "app")]
fn open_app(args: AppArgs, data_dir: Option<PathBuf>) -> Result<ExitCode, String> {
    rapport_app::run(rapport_app::AppOptions {
        scenario: args.scenario,
        choose: args.choose,
        screenshot: args.screenshot,
        scenarios: args.scenarios,
        data_dir,
    })
}

#[cfg(not(feature = "app"))]
fn open_app(_args: AppArgs, _data_dir: Option<PathBuf>) -> Result<ExitCode, String> {
    Err(
        "this build of rapport has no app (it was built with --no-default-features); \
         use `cargo run --release` for the window, or the check/play/analyse commands"
            .into(),
    )
}

/// Reads and compiles a scenario through the one loader, printing its problems; `Err` when
/// it cannot be played.
pub fn load_playable(
    path: &std::path::Path,
) -> Result<
    (
        std::sync::Arc<rapport_core::compile::Program>,
        rapport_core::framework::Framework,
    ),
    ExitCode,
> {
    let (framework, framework_problems) = rapport_core::framework::Framework::discover(path);
    let color = check::use_color();
    for d in &framework_problems {
        eprintln!("{}", d.render(color));
    }
    let report = rapport_core::check::check_file(path, &framework);
    if report.errors() > 0 {
        eprintln!("{}", report.render(color));
        eprintln!(
            "rapport: {} has {} error(s); fix them first (see `rapport check {}`)",
            report.file,
            report.errors(),
            report.file
        );
        return Err(ExitCode::from(1));
    }
    match report.program {
        Some(program) => Ok((program, framework)),
        None => Err(ExitCode::from(1)),
    }
}
