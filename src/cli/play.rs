//! `rapport play FILE`: play a scenario in the terminal, or run a scripted route.
//!
//! Interactive: the briefing, then each beat with numbered choices, the person's mood and the
//! clock; at the end the debrief, the reflection questions and an offer to save the
//! transcript. Scripted (`--choose a,b,c`): plays the ids and prints the debrief (`--json`
//! for tools). Exit 0 when an ending is reached, 1 when a scripted id is not on offer or the
//! script stops before an ending, 2 for usage problems.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rapport_core::debrief::{Debrief, wrap};
use rapport_core::framework::Framework;
use rapport_core::model::Scenario;
use rapport_core::random::RandomPlayer;
use rapport_core::runtime::{Beat, Session, Speaker, why_not_offered};
use rapport_core::transcript::{Reflection, Transcript, default_data_dir, hash_text};

/// Arguments of `rapport play`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file (or the id of a scenario in scenarios/).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Play these choice ids in order instead of asking (separated by commas).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    choose: Vec<String>,
    /// Print the debrief as JSON.
    #[arg(long)]
    json: bool,
    /// Save the transcript to this file (JSON).
    #[arg(long, value_name = "PATH")]
    save: Option<PathBuf>,
    /// Wrap text to this many columns (default: the terminal's width, at most 80).
    #[arg(long, value_name = "COLUMNS")]
    width: Option<usize>,
    // -- Random playthroughs (tools helper): `--random N --seed S`. --
    /// Play N random routes instead, and summarise the endings, scores and runtime errors.
    #[arg(
        long,
        value_name = "N",
        value_parser = super::at_least_one,
        conflicts_with_all = ["choose", "save"]
    )]
    random: Option<u64>,
    /// Seed of the random routes; each failing route's own seed is printed, so that
    /// `--random 1 --seed <that seed>` replays it.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "random")]
    seed: u64,
}

/// The width to wrap text to: the terminal's, at most 80.
pub fn text_width(requested: Option<usize>) -> usize {
    if let Some(w) = requested {
        return w.max(40);
    }
    let terminal = terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()));
    terminal.map_or(80, |w| w.clamp(40, 80))
}

/// Finds the scenario file: the path itself, or `scenarios/<id>.ron`, or the file in
/// `scenarios/` whose id matches.
pub fn resolve_scenario(name: &Path) -> PathBuf {
    if name.exists() {
        return name.to_path_buf();
    }
    let by_name = Path::new("scenarios").join(name).with_extension("ron");
    if by_name.is_file() {
        return by_name;
    }
    name.to_path_buf()
}

/// Runs the command.
pub fn run(args: Args, data_dir: Option<&Path>) -> Result<ExitCode, String> {
    let path = resolve_scenario(&args.file);
    let (program, framework) = match super::load_playable(&path) {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    // -- Random playthroughs (tools helper). --
    if let Some(n) = args.random {
        let player = RandomPlayer::new(&program, &framework);
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        // Progress on a terminal (hidden when the output goes to a file), and Ctrl-C ends the
        // run with a summary of the routes played so far.
        let bar = indicatif::ProgressBar::new(n as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} routes, {per_sec}, about {eta} left (Ctrl-C stops with a summary)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        // Without a handler (another one is installed), Ctrl-C simply ends the process.
        let _ =
            ctrlc::set_handler(move || stopping.store(true, std::sync::atomic::Ordering::SeqCst));
        let started = std::time::Instant::now();
        let summary = player.playthroughs_until(n, args.seed, |done| {
            bar.set_position(done as u64);
            !stop.load(std::sync::atomic::Ordering::SeqCst)
        });
        bar.finish_and_clear();
        let elapsed = started.elapsed().as_secs_f64();
        if summary.routes < n {
            eprintln!(
                "Stopped after {} of {n} routes (Ctrl-C); the summary covers those.",
                summary.routes
            );
        }
        // Speed goes beside the summary, not into it: the summary is the same on every run.
        let speed = format!(
            "Speed: {} decisions in {:.3} s, {:.0} decisions a second (one core)",
            summary.total_decisions,
            elapsed,
            summary.total_decisions as f64 / elapsed.max(1e-9)
        );
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?
            );
            eprintln!("{speed}");
        } else {
            print!("{summary}");
            println!("{speed}");
        }
        return Ok(if summary.all_ended() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let hash = rapport_core::format::read_bounded(&path)
        .map(|b| hash_text(&b))
        .unwrap_or_default();
    let started_at = jiff::Timestamp::now();
    let mut session = match Session::start(program) {
        Ok(session) => session,
        Err(e) => {
            eprintln!("rapport: {}: {e}", path.display());
            return Ok(ExitCode::from(1));
        }
    };
    let width = text_width(args.width);

    if args.choose.is_empty() {
        return interactive(
            &mut session,
            &framework,
            &path,
            &hash,
            started_at,
            &args,
            width,
            data_dir,
        );
    }

    for (i, id) in args.choose.iter().enumerate() {
        let id = id.trim();
        if let Err(e) = session.choose(id) {
            eprintln!(
                "rapport: choice {} of {} cannot be played: {e}.\n  Why: {}.",
                i + 1,
                args.choose.len(),
                why_not_offered(session.program(), session.compact(), id)
            );
            return Ok(ExitCode::from(1));
        }
    }
    if !session.is_over() {
        eprintln!(
            "rapport: the script stopped before an ending, at node `{}` after {} choice(s); on offer there: {}",
            session.state().node,
            session.trajectory().len(),
            session.on_offer().join(", ")
        );
        return Ok(ExitCode::from(1));
    }
    let debrief = Debrief::new(&session, &framework);
    if args.json {
        emit(&json_line(&debrief)?);
    } else {
        emit(&debrief.to_text(width));
    }
    if let Some(save) = &args.save {
        let transcript =
            Transcript::from_session(&session, &framework, Some(&path), hash, started_at);
        save_transcript(&transcript, save)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes to standard output, ignoring a closed pipe (`rapport play ... | head`).
pub fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Pretty JSON with a final newline.
pub fn json_line(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| e.to_string())
}

fn save_transcript(transcript: &Transcript, path: &Path) -> Result<(), String> {
    transcript
        .save_atomic(path)
        .map_err(|e| rapport_core::transcript::write_problem(path, &e))?;
    eprintln!("Transcript saved to {}", path.display());
    Ok(())
}

fn briefing(scenario: &Scenario, width: usize) -> String {
    let mut out = String::new();
    let rule = "=".repeat(width.min(scenario.title.len()));
    out.push_str(&format!("{}\n{rule}\n", scenario.title));
    out.push_str(&wrap(&scenario.summary, width, "", ""));
    out.push('\n');
    out.push_str(&wrap(
        &format!("You are: {}", scenario.role.label()),
        width,
        "",
        "  ",
    ));
    out.push_str(&wrap(
        &format!("Setting: {}", scenario.setting),
        width,
        "",
        "  ",
    ));
    let person = &scenario.person;
    let mut who = person.name.clone();
    if let Some(p) = &person.pronouns {
        who.push_str(&format!(" ({p})"));
    }
    if let Some(age) = person.age {
        who.push_str(&format!(", {age}"));
    }
    // Only what the practitioner would know: the background is the author's character
    // sheet, revealed in the debrief.
    out.push_str(&wrap(&format!("You are meeting: {who}"), width, "", "  "));
    if !person.file_notes.is_empty() {
        out.push_str("The case record says:\n");
        for note in &person.file_notes {
            out.push_str(&wrap(note, width, "  - ", "    "));
        }
    }
    if !scenario.objectives.is_empty() {
        out.push_str("Your objectives:\n");
        for o in &scenario.objectives {
            out.push_str(&wrap(o, width, "  - ", "    "));
        }
    }
    out
}

fn read_line(input: &mut impl BufRead) -> Option<String> {
    let mut line = String::new();
    match input.read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line.trim().to_string()),
    }
}

fn prompt(text: &str) {
    print!("{text}");
    let _ = std::io::stdout().flush();
}

#[allow(clippy::too_many_arguments)]
fn interactive(
    session: &mut Session,
    framework: &Framework,
    path: &Path,
    hash: &str,
    started_at: jiff::Timestamp,
    args: &Args,
    width: usize,
    data_dir: Option<&Path>,
) -> Result<ExitCode, String> {
    let scenario = Arc::clone(session.scenario());
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let person = scenario.person.name.clone();
    print!("{}", briefing(&scenario, width));
    let mut shown = 0;
    loop {
        println!();
        for line in &session.lines()[shown..] {
            let text = match line.speaker {
                Speaker::Narrator => wrap(&line.text, width, "", ""),
                Speaker::Person => {
                    let mood = line
                        .mood
                        .map(|m| format!(" ({})", m.label().to_lowercase()));
                    wrap(
                        &format!("{person}{}: \"{}\"", mood.unwrap_or_default(), line.text),
                        width,
                        "",
                        "    ",
                    )
                }
                Speaker::Trainee => wrap(&format!("You: \"{}\"", line.text), width, "", "    "),
            };
            print!("{text}");
        }
        shown = session.lines().len();
        let choices: Vec<String> = match session.beat() {
            Beat::Ended { title, outcome, .. } => {
                println!("\n*** {title} ({}) ***\n", outcome.label());
                break;
            }
            Beat::Decision { choices, .. } => choices.iter().map(|c| c.id.to_string()).collect(),
        };
        if let Some(limit) = scenario.minutes {
            println!("[{} of {limit} minutes used]", session.state().minutes);
        }
        println!();
        if let Beat::Decision {
            choices: offered, ..
        } = session.beat()
        {
            for (i, c) in offered.iter().enumerate() {
                let n = format!("{:>2}. ", i + 1);
                print!("{}", wrap(&format!("\"{}\"", c.say), width, &n, "    "));
            }
        }
        let picked = loop {
            prompt(&format!("Your choice (1-{}, q to stop): ", choices.len()));
            let Some(answer) = read_line(&mut input) else {
                println!();
                return Ok(ExitCode::from(1));
            };
            if answer.eq_ignore_ascii_case("q") {
                println!("Stopped before the end of the conversation.");
                return Ok(ExitCode::from(1));
            }
            match answer.parse::<usize>() {
                Ok(n) if (1..=choices.len()).contains(&n) => break choices[n - 1].clone(),
                _ if choices.contains(&answer) => break answer,
                _ => println!("Type a number from 1 to {}.", choices.len()),
            }
        };
        if let Err(e) = session.choose(&picked) {
            eprintln!("rapport: {e}");
            return Ok(ExitCode::from(1));
        }
    }

    let debrief = Debrief::new(session, framework);
    if args.json {
        emit(&json_line(&debrief)?);
    } else {
        emit(&debrief.to_text(width));
    }
    let mut transcript =
        Transcript::from_session(session, framework, Some(path), hash.to_string(), started_at);
    if !scenario.reflection.is_empty() {
        println!("\nTake a moment to answer (Enter to skip):");
        for question in &scenario.reflection {
            println!();
            print!("{}", wrap(question, width, "", ""));
            prompt("> ");
            let answer = read_line(&mut input).unwrap_or_default();
            transcript.reflections.push(Reflection {
                question: question.to_string(),
                answer,
            });
        }
    }
    transcript.finished_at = jiff::Timestamp::now();
    let target = match &args.save {
        Some(p) => Some(p.clone()),
        None => {
            let default = data_dir
                .map(Path::to_path_buf)
                .or_else(default_data_dir)
                .map(|d| d.join(transcript.file_name()));
            println!();
            match &default {
                Some(d) => {
                    println!("Save the transcript? Press Enter to save it as");
                    println!("  {}", d.display());
                    prompt("or type another path, or n for no: ");
                }
                None => prompt("Save the transcript? Type a path, or n for no: "),
            }
            match read_line(&mut input) {
                None => None,
                Some(a) if a.eq_ignore_ascii_case("n") || a.eq_ignore_ascii_case("no") => None,
                Some(a)
                    if a.is_empty()
                        || a.eq_ignore_ascii_case("y")
                        || a.eq_ignore_ascii_case("yes") =>
                {
                    default
                }
                Some(a) => Some(PathBuf::from(a)),
            }
        }
    };
    let Some(mut target) = target else {
        return Ok(ExitCode::SUCCESS);
    };
    // A folder that cannot be written must not cost the trainee what they typed: say why
    // and ask for another path until one works, or they decline.
    loop {
        match save_transcript(&transcript, &target) {
            Ok(()) => return Ok(ExitCode::SUCCESS),
            Err(why) => {
                eprintln!("rapport: {why}");
                prompt("Type another path to save to, or n to leave without saving: ");
                match read_line(&mut input) {
                    Some(a) if !a.is_empty() && !a.eq_ignore_ascii_case("n") => {
                        target = PathBuf::from(a);
                    }
                    // No more input, or the trainee chose not to save: keep the typed
                    // reflections on screen, where they can still be copied.
                    _ => {
                        eprintln!("Not saved. Your reflections were:");
                        for r in &transcript.reflections {
                            eprintln!("  {}\n    {}", r.question, r.answer);
                        }
                        return Ok(ExitCode::from(1));
                    }
                }
            }
        }
    }
}
