//! `rapport review status|list|accept|reject`: what lived-experience contributors said about
//! the scenarios, and the trainer's decisions (see `docs/authoring.md`, "Reviews by
//! lived-experience contributors").

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use rapport_core::check::{CheckReport, check_source, parse_scenario, scenario_files};
use rapport_core::diagnostic::{Span, did_you_mean, line_col};
use rapport_core::framework::Framework;
use rapport_core::model::Scenario;
use rapport_core::review::{
    Decision, Item, ItemState, Line, Review, Summary, apply_wording, find_reviews, lines,
};
use rapport_core::transcript::{write_atomic, write_problem};

/// Arguments of `rapport review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Per scenario: person and other-chair lines, how many are reviewed, flagged, out of date.
    Status(Paths),
    /// Every comment and suggested wording, at file:line:col of the line it is about.
    List(ListArgs),
    /// Accept an item of a review; a suggested wording is written into the scenario file.
    Accept(Decide),
    /// Reject an item of a review (the scenario is not changed).
    Reject(Decide),
}

#[derive(Debug, clap::Args)]
struct Paths {
    /// Scenario files or folders (default: scenarios/); reviews are in `reviews/` beside them.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[command(flatten)]
    paths: Paths,
    /// Also list items the trainer has already accepted or rejected.
    #[arg(long)]
    all: bool,
}

#[derive(Debug, clap::Args)]
struct Decide {
    /// The review file, e.g. scenarios/reviews/disclosure.sam.ron.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The item: a line id such as `arrive.says` or `ask-how.perspective` (see `rapport
    /// review list`).
    #[arg(long, value_name = "ID")]
    item: String,
    /// The scenario file (default: the one in the folder above `reviews/` with the
    /// review's scenario id).
    #[arg(long, value_name = "PATH")]
    scenario: Option<PathBuf>,
}

/// Runs a review command.
pub fn run(args: Args) -> Result<ExitCode, String> {
    match args.command {
        Command::Status(paths) => status(&paths),
        Command::List(list_args) => list(&list_args),
        Command::Accept(decide) => decide_item(&decide, Decision::Accepted),
        Command::Reject(decide) => decide_item(&decide, Decision::Rejected),
    }
}

/// A scenario file with its text and whatever could be read of it.
struct Loaded {
    path: PathBuf,
    label: String,
    source: Arc<str>,
    report: CheckReport,
}

impl Loaded {
    fn read(path: &Path, framework: &Framework) -> Result<Loaded, String> {
        let label = path.display().to_string();
        let bytes = rapport_core::format::read_bounded(path)
            .map_err(|e| format!("cannot read the scenario {label}: {e}"))?;
        let text =
            rapport_core::format::decode_text(&label, &bytes).map_err(|d| d.render(false))?;
        let report = parse_scenario(&label, &text, framework);
        Ok(Loaded {
            path: path.to_path_buf(),
            label,
            source: Arc::from(text.as_str()),
            report,
        })
    }

    fn scenario(&self) -> Option<&Scenario> {
        self.report.scenario.as_deref()
    }
}

/// Every scenario the paths name, read (not necessarily free of errors).
fn load_all(paths: &Paths) -> Result<Vec<Loaded>, String> {
    let paths = if paths.paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        paths.paths.clone()
    };
    let mut out = Vec::new();
    for path in &paths {
        let (framework, _) = Framework::discover(path);
        let files = scenario_files(path).map_err(|e| e.to_string())?;
        if files.is_empty() {
            return Err(format!(
                "there are no scenario files (.ron) in {}",
                path.display()
            ));
        }
        for file in files {
            let loaded = Loaded::read(&file, &framework)?;
            if loaded.report.errors() > 0 && Review::from_ron(&loaded.label, &loaded.source).is_ok()
            {
                return Err(format!(
                    "{} is a review file, not a scenario; give the scenario or its folder \
                     (for example `rapport review status scenarios/`): reviews are found in \
                     `reviews/` beside it",
                    loaded.label
                ));
            }
            out.push(loaded);
        }
    }
    Ok(out)
}

/// The reviews of a scenario that could be read, and messages about those that could not.
fn reviews_of(path: &Path, scenario: &Scenario) -> (Vec<(PathBuf, Review)>, Vec<String>) {
    let mut reviews = Vec::new();
    let mut problems = Vec::new();
    for file in find_reviews(path, &scenario.id) {
        match Review::load(&file) {
            Ok(review) if review.scenario == scenario.id.as_str() => reviews.push((file, review)),
            Ok(review) => problems.push(format!(
                "{}: this review is of the scenario `{}`, not `{}`; rename the file to {}.<name>.ron",
                file.display(),
                review.scenario,
                scenario.id,
                review.scenario
            )),
            Err(e) => problems.push(e.to_string()),
        }
    }
    (reviews, problems)
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn status(paths: &Paths) -> Result<ExitCode, String> {
    let mut failed = false;
    for loaded in load_all(paths)? {
        let Some(scenario) = loaded.scenario() else {
            println!(
                "{}: cannot be read as a scenario (see `rapport check {}`)",
                loaded.label, loaded.label
            );
            failed = true;
            continue;
        };
        let (reviews, problems) = reviews_of(&loaded.path, scenario);
        for p in &problems {
            eprintln!("rapport: {p}");
        }
        failed |= !problems.is_empty();
        let summary = Summary::of(scenario, reviews.iter().map(|(_, r)| r));
        let who: Vec<String> = reviews
            .iter()
            .map(|(_, r)| {
                let credit = if r.reviewer.may_credit() {
                    "agreed to be credited"
                } else {
                    "not to be credited"
                };
                match &r.reviewer {
                    rapport_core::review::Reviewer::Anonymous => "anonymous".to_string(),
                    named => format!("{}, {credit}", named.label()),
                }
            })
            .collect();
        println!(
            "{} ({}): {}{}",
            loaded.label,
            scenario.id,
            if reviews.is_empty() {
                "no reviews yet".to_string()
            } else {
                plural(reviews.len(), "review")
            },
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({})", who.join("; "))
            }
        );
        for (label, tally) in [
            ("person lines", &summary.person),
            ("other-chair lines", &summary.other_chair),
        ] {
            println!(
                "  {label:<18} {:>3} · {} reviewed · {} flagged · {} out of date",
                tally.lines,
                tally.reviewed.len(),
                tally.flagged.len(),
                tally.out_of_date
            );
        }
        if !reviews.is_empty() {
            println!(
                "  trainer decisions: {} accepted, {} rejected, {} waiting",
                summary.accepted, summary.rejected, summary.waiting
            );
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A review item shown like a checker message, through miette.
struct Note<'a> {
    id: &'a str,
    message: String,
    help: String,
    span: Option<Span>,
    source: miette::NamedSource<String>,
}

impl fmt::Debug for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Note<'_> {}

impl miette::Diagnostic for Note<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("review {}", self.id)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.span.map(|_| &self.source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(
                Some("this line".to_string()),
                miette::SourceSpan::new(
                    span.start.into(),
                    span.end.saturating_sub(span.start).max(1),
                ),
            ),
        )))
    }
}

fn render(note: &Note<'_>) -> String {
    let handler = rapport_core::diagnostic::report_handler(super::check::use_color(), false);
    let mut out = String::new();
    if handler.render_report(&mut out, note).is_err() || out.is_empty() {
        out = format!("{}\n  {}\n", note.message, note.help);
    }
    out
}

fn list(args: &ListArgs) -> Result<ExitCode, String> {
    let mut failed = false;
    let mut shown = 0;
    for loaded in load_all(&args.paths)? {
        let Some(scenario) = loaded.scenario() else {
            continue;
        };
        let all = lines(scenario);
        let (reviews, problems) = reviews_of(&loaded.path, scenario);
        for p in &problems {
            eprintln!("rapport: {p}");
        }
        failed |= !problems.is_empty();
        for (file, review) in &reviews {
            // Story order first, then items whose line is gone.
            let mut order: Vec<(&str, Option<&Line<'_>>)> = all
                .iter()
                .filter(|l| review.items.contains_key(&l.id))
                .map(|l| (l.id.as_str(), Some(l)))
                .collect();
            order.extend(
                review
                    .items
                    .keys()
                    .filter(|id| !all.iter().any(|l| &l.id == *id))
                    .map(|id| (id.as_str(), None)),
            );
            for (id, line) in order {
                let Some(item) = review.items.get(id) else {
                    continue;
                };
                if !(item.has_words() || item.verdict.is_flag()) {
                    continue;
                }
                if item.decision.is_some() && !args.all {
                    continue;
                }
                let note = note_for(&loaded, file, review, id, item, line);
                if note.span.is_none() {
                    println!("{}:", loaded.label);
                }
                println!("{}", render(&note));
                shown += 1;
            }
        }
    }
    eprintln!(
        "{} to read{}",
        plural(shown, "review note"),
        if args.all {
            ""
        } else {
            " (decided ones hidden; --all shows them)"
        }
    );
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn note_for<'a>(
    loaded: &Loaded,
    file: &Path,
    review: &Review,
    id: &'a str,
    item: &Item,
    line: Option<&Line<'_>>,
) -> Note<'a> {
    let state = item.state(line.map(|l| l.text));
    let mut message = format!("{}: {}", review.reviewer.label(), item.verdict.label());
    if !item.comment.trim().is_empty() {
        message.push_str(&format!(": \"{}\"", item.comment.trim()));
    }
    match state {
        ItemState::Changed if item.decision.is_none() => {
            message = format!("out of date (the line was edited after the review): {message}");
        }
        ItemState::Gone => {
            message = format!("the scenario no longer has the line `{id}`: {message}");
        }
        _ => {}
    }
    let mut help = Vec::new();
    if let Some(s) = &item.suggestion {
        help.push(format!("suggested wording: \"{s}\""));
    }
    match item.decision {
        Some(Decision::Accepted) => help.push("accepted by the trainer".into()),
        Some(Decision::Rejected) => help.push("rejected by the trainer".into()),
        None => {
            let what = if item.suggestion.is_some() && state == ItemState::Current {
                "to write the wording into the scenario"
            } else {
                "to record that you agree"
            };
            let f = file.display();
            help.push(format!("{what}: rapport review accept {f} --item {id}"));
            help.push(format!(
                "to record that you do not: rapport review reject {f} --item {id}"
            ));
        }
    }
    let span = line.map(|l| l.span).filter(|s| !s.is_empty());
    if let Some(span) = span {
        let (l, c) = line_col(&loaded.source, span.start);
        help.push(format!("at {}:{l}:{c}", loaded.label));
    }
    Note {
        id,
        message,
        help: help.join("\n"),
        span,
        source: miette::NamedSource::new(&loaded.label, loaded.source.to_string()),
    }
}

/// The scenario a review belongs to: `--scenario`, else the `.ron` file in the folder above
/// `reviews/` whose id is the review's (trying `<id>.ron` first).
fn scenario_for(
    review_file: &Path,
    review: &Review,
    given: Option<&Path>,
) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    let folder = review_file.parent().and_then(Path::parent).map_or_else(
        || PathBuf::from("."),
        |p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p.to_path_buf()
            }
        },
    );
    let guess = folder.join(format!("{}.ron", review.scenario));
    let mut candidates = vec![guess.clone()];
    if let Ok(files) = scenario_files(&folder) {
        candidates.extend(files.into_iter().filter(|f| f != &guess));
    }
    let (framework, _) = Framework::discover(&folder);
    for candidate in candidates.iter().filter(|c| c.is_file()) {
        if let Ok(loaded) = Loaded::read(candidate, &framework)
            && loaded
                .scenario()
                .is_some_and(|s| s.id == review.scenario.as_str())
        {
            return Ok(candidate.clone());
        }
    }
    Err(format!(
        "cannot find the scenario `{}` that {} reviews in {}; give it with --scenario PATH",
        review.scenario,
        review_file.display(),
        folder.display()
    ))
}

fn decide_item(args: &Decide, decision: Decision) -> Result<ExitCode, String> {
    let mut review = match Review::load(&args.file) {
        Ok(review) => review,
        Err(e) => {
            eprintln!("{e}");
            eprintln!("rapport: fix the review file first; nothing was changed");
            return Ok(ExitCode::from(1));
        }
    };
    let Some(item) = review.items.get(&args.item).cloned() else {
        let hint = match did_you_mean(&args.item, review.items.keys().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`rapport review list` shows each item's id".into(),
        };
        return Err(format!(
            "{} has no item `{}`; {hint}",
            args.file.display(),
            args.item
        ));
    };
    let verb = match decision {
        Decision::Accepted => "accepted",
        Decision::Rejected => "rejected",
    };
    if item.decision == Some(Decision::Accepted) {
        if decision == Decision::Accepted {
            eprintln!(
                "`{}` in {} is already accepted; nothing was changed",
                args.item,
                args.file.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        if item.suggestion.is_some() {
            return Err(format!(
                "`{}` in {} is already accepted and its wording is in the scenario; to undo \
                 it, edit the line by hand (the review then shows it as changed); nothing was \
                 changed",
                args.item,
                args.file.display()
            ));
        }
    }
    let mut wrote_into = None;
    if let (Decision::Accepted, Some(wording)) = (decision, &item.suggestion) {
        let scenario_path = scenario_for(&args.file, &review, args.scenario.as_deref())?;
        let (framework, _) = Framework::discover(&scenario_path);
        let loaded = Loaded::read(&scenario_path, &framework)?;
        if loaded.report.errors() > 0 {
            eprintln!("{}", loaded.report.render(super::check::use_color()));
            return Err(format!(
                "{} has {}; fix them first (see `rapport check {}`); nothing was changed",
                loaded.label,
                plural(loaded.report.errors(), "error"),
                loaded.label
            ));
        }
        let Some(scenario) = loaded.scenario() else {
            return Err(format!("{} cannot be read as a scenario", loaded.label));
        };
        let all = lines(scenario);
        let line = all.iter().find(|l| l.id == args.item);
        match item.state(line.map(|l| l.text)) {
            ItemState::Current => {}
            ItemState::Gone => {
                return Err(format!(
                    "{} no longer has the line `{}`, so the suggested wording has nowhere to go; \
                     copy it in by hand if you want it, then `rapport review reject {} --item {}` \
                     (or accept after restoring the line); nothing was changed",
                    loaded.label,
                    args.item,
                    args.file.display(),
                    args.item
                ));
            }
            ItemState::Changed | ItemState::Applied => {
                return Err(format!(
                    "the line `{}` in {} was edited after {} reviewed it, so the suggestion may \
                     not fit it any more; read both (`rapport review list --all`), edit the line \
                     by hand if it still helps, then `rapport review reject {} --item {}`; \
                     nothing was changed",
                    args.item,
                    loaded.label,
                    review.reviewer.label(),
                    args.file.display(),
                    args.item
                ));
            }
        }
        let new_text = apply_wording(&loaded.source, scenario, &args.item, wording)
            .map_err(|e| format!("{}: {e}; nothing was changed", loaded.label))?;
        let recheck = check_source(&loaded.label, new_text.as_bytes(), &framework);
        let still_reads = recheck
            .scenario
            .as_deref()
            .map(lines)
            .is_some_and(|l| l.iter().any(|l| l.id == args.item && l.text == wording));
        if recheck.errors() > 0 || !still_reads {
            eprintln!("{}", recheck.render(super::check::use_color()));
            return Err(format!(
                "with the suggested wording {} would no longer pass the checker, so it was not \
                 written; edit the line by hand, or reject the item",
                loaded.label
            ));
        }
        let at = line.map(|l| line_col(&loaded.source, l.span.start));
        for d in recheck
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && at.is_some_and(|(l, _)| d.line == l))
        {
            eprintln!("{}", d.render(super::check::use_color()));
        }
        write_atomic(&scenario_path, new_text.as_bytes())
            .map_err(|e| write_problem(&scenario_path, &e))?;
        wrote_into = Some((loaded.label.clone(), at.unwrap_or((0, 0))));
    }
    if let Some(entry) = review.items.get_mut(&args.item) {
        entry.decision = Some(decision);
    }
    review.save(&args.file).map_err(|e| e.to_string())?;
    match wrote_into {
        Some((file, (line, column))) => eprintln!(
            "accepted `{}`: wrote {}'s wording into {file}:{line}:{column} and recorded the decision in {}",
            args.item,
            review.reviewer.label(),
            args.file.display()
        ),
        None => eprintln!(
            "{verb} `{}`: recorded in {}",
            args.item,
            args.file.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}
