//! `rapport debrief TRANSCRIPT`: print the debrief of a saved transcript again.
//!
//! The transcript's choice ids are replayed against the current version of the scenario
//! (found by the path saved in the transcript, else by id in `scenarios/`), so the debrief
//! reflects the current scoring and feedback. A changed scenario file is reported; a choice
//! that no longer exists or is no longer on offer is named with where it failed, and the
//! debrief saved with the transcript is shown instead. Exit 0 when the replay succeeds,
//! 1 when it does not, 2 when the transcript or the scenario cannot be found.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rapport_core::debrief::{Debrief, wrap};
use rapport_core::transcript::{Transcript, hash_text};

use super::play::{emit, json_line, text_width};

/// Arguments of `rapport debrief`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The transcript file (JSON, as saved by `rapport play`).
    #[arg(value_name = "TRANSCRIPT")]
    file: PathBuf,
    /// The scenario file to replay against (default: the one the transcript names).
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Print the debrief saved in the transcript, without replaying.
    #[arg(long)]
    saved: bool,
    /// Print the debrief as JSON.
    #[arg(long)]
    json: bool,
    /// Wrap text to this many columns (default: the terminal's width, at most 80).
    #[arg(long, value_name = "COLUMNS")]
    width: Option<usize>,
}

/// Finds the scenario a transcript was played on.
fn find_scenario(transcript: &Transcript, transcript_path: &Path) -> Option<PathBuf> {
    if let Some(path) = &transcript.scenario_path {
        if path.is_file() {
            return Some(path.clone());
        }
        // Moved with the transcript: try relative to the transcript's folder.
        if let (Some(dir), Some(name)) = (transcript_path.parent(), path.file_name()) {
            let beside = dir.join(name);
            if beside.is_file() {
                return Some(beside);
            }
        }
    }
    let folder = Path::new("scenarios");
    let by_name = folder.join(format!("{}.ron", transcript.scenario_id));
    if by_name.is_file() {
        return Some(by_name);
    }
    let framework = rapport_core::framework::Framework::builtin();
    rapport_core::check::scenario_files(folder)
        .ok()?
        .into_iter()
        .find(|f| {
            rapport_core::check::check_file(f, &framework)
                .scenario
                .is_some_and(|s| s.id == transcript.scenario_id)
        })
}

/// Runs the command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let transcript = Transcript::load(&args.file).map_err(|e| e.to_string())?;
    let width = text_width(args.width);
    if args.saved {
        print_debrief(&transcript.debrief, &transcript, args.json, width)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = args
        .scenario
        .clone()
        .or_else(|| find_scenario(&transcript, &args.file))
    else {
        return Err(format!(
            "cannot find the scenario `{}` this transcript was played on{}; pass it with --scenario FILE, or use --saved to see the saved debrief",
            transcript.scenario_id,
            transcript
                .scenario_path
                .as_ref()
                .map(|p| format!(" (it was at {})", p.display()))
                .unwrap_or_default()
        ));
    };
    let (program, framework) = match super::load_playable(&path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let scenario = Arc::clone(program.scenario());
    if scenario.id != transcript.scenario_id {
        eprintln!(
            "note: {} is scenario `{}`, but the transcript was played on `{}`",
            path.display(),
            scenario.id,
            transcript.scenario_id
        );
    }
    let hash = rapport_core::format::read_bounded(&path)
        .map(|b| hash_text(&b))
        .unwrap_or_default();
    if hash != transcript.scenario_hash {
        eprintln!(
            "note: {} has changed since this transcript was saved (its content hash differs); \
             the choices are replayed against the current version",
            path.display()
        );
    }
    match transcript.replay(Arc::clone(&program)) {
        Ok(session) => {
            if !session.is_over() {
                eprintln!(
                    "note: the transcript's {} choice(s) now stop before an ending, at node `{}` (on offer there: {})",
                    transcript.choices.len(),
                    session.state().node,
                    session.on_offer().join(", ")
                );
            }
            let debrief = Debrief::new(&session, &framework);
            print_debrief(&debrief, &transcript, args.json, width)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!(
                "rapport: the transcript no longer replays on {}: {error}",
                path.display()
            );
            eprintln!("The debrief saved with the transcript follows.\n");
            print_debrief(&transcript.debrief, &transcript, args.json, width)?;
            Ok(ExitCode::from(1))
        }
    }
}

fn print_debrief(
    debrief: &Debrief,
    transcript: &Transcript,
    json: bool,
    width: usize,
) -> Result<(), String> {
    if json {
        emit(&json_line(debrief)?);
        return Ok(());
    }
    let mut text = format!(
        "Played {} (started {}).\n\n",
        transcript.scenario_title,
        transcript.started_at.strftime("%Y-%m-%d %H:%M UTC")
    );
    text.push_str(&debrief.to_text(width));
    let answered: Vec<_> = transcript
        .reflections
        .iter()
        .filter(|r| !r.answer.trim().is_empty())
        .collect();
    if !answered.is_empty() {
        text.push_str("\nYour reflections\n----------------\n");
        for r in answered {
            text.push_str(&wrap(&r.question, width, "  - ", "    "));
            text.push_str(&wrap(&r.answer, width, "    > ", "      "));
        }
    }
    emit(&text);
    Ok(())
}
