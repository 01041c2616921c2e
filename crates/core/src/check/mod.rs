//! The one loader and checker. `rapport check`, `rapport play`, the analyser and the app
//! all read scenarios through [`check_source`], so a file that passes the checker behaves the
//! same everywhere.
//!
//! Loading is one pass over the text, then the rules, collecting every problem rather than
//! stopping at the first:
//! 1. the bytes must be UTF-8 text of a sensible size ([`crate::format::decode_text`]);
//! 2. the text is read once into a positioned tree and the model is read from it
//!    ([`crate::format`]): syntax, unknown and missing fields, wrong kinds of value and
//!    unknown enum values are reported there, and whatever could be read is kept;
//! 3. the rules in [`rules`] check ids, targets, skills, sources, dials, flags, weights,
//!    conditions, the graph, feedback, time and language, each reading positions straight
//!    from the model and reporting to one [`Sink`].

mod context;
pub mod rules;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::compile::Program;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::format;
use crate::framework::Framework;
use crate::model::Scenario;

pub use context::{Context, Sink};
pub use format::MAX_FILE_BYTES;
pub use rules::graph::edges;

/// The result of loading and checking one file.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The file as the user named it.
    pub file: String,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The scenario, when it could be read (even if it has errors).
    pub scenario: Option<Arc<Scenario>>,
    /// The scenario compiled for play, when it has no errors (warnings allowed).
    pub program: Option<Arc<Program>>,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The scenario, only when it has no errors (warnings allowed): safe to play.
    pub fn playable(&self) -> Option<&Arc<Scenario>> {
        self.program.as_ref().and(self.scenario.as_ref())
    }

    /// The compiled scenario, only when it has no errors: what the runtime, random play and
    /// the analyser run.
    pub fn compiled(&self) -> Option<&Arc<Program>> {
        self.program.as_ref()
    }

    /// Every diagnostic rendered as plain text.
    pub fn render(&self, color: bool) -> String {
        self.diagnostics
            .iter()
            .map(|d| d.render(color))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Loads and checks one scenario's bytes.
pub fn check_source(label: &str, bytes: &[u8], framework: &Framework) -> CheckReport {
    match format::decode_text(label, bytes) {
        Ok(text) => parse_scenario(label, &text, framework),
        Err(d) => CheckReport {
            file: label.to_string(),
            diagnostics: vec![*d],
            scenario: None,
            program: None,
        },
    }
}

/// Loads and checks one scenario's text (for tests and tools that build scenarios as text).
/// The scenario is returned whenever it could be read, even with errors.
pub fn parse_scenario(label: &str, text: &str, framework: &Framework) -> CheckReport {
    let mut report = CheckReport {
        file: label.to_string(),
        diagnostics: Vec::new(),
        scenario: None,
        program: None,
    };
    if text.trim().is_empty() {
        report.diagnostics.push(Diagnostic::unlocated(
            Severity::Error,
            Code::EmptyFile,
            label,
            "the file is empty",
            "start from `rapport new --kind FirstMeeting my-scenario`, or copy an existing scenario",
        ));
        return report;
    }
    let source: Arc<str> = Arc::from(text);
    let (scenario, problems) = match format::read_scenario(text) {
        Ok(read) => read,
        Err(syntax) => {
            report.diagnostics.push(syntax.diagnostic(label, &source));
            return report;
        }
    };
    report
        .diagnostics
        .extend(problems.iter().map(|p| p.diagnostic(label, &source)));
    if let Some(scenario) = &scenario {
        let cx = Context {
            file: label,
            source: &source,
            scenario,
            framework,
        };
        let mut sink = Sink::new(label, &source);
        rules::check_all(&cx, &mut sink);
        report.diagnostics.extend(sink.into_diagnostics());
    }
    report
        .diagnostics
        .sort_by_key(|d| (d.line, d.column, d.severity));
    let scenario = scenario.map(Arc::new);
    if report.errors() == 0
        && let Some(scenario) = &scenario
    {
        // The rules report everything that stops a scenario compiling, with positions; this
        // is the last line of defence, so an unlocated error rather than a panic.
        match Program::compile(Arc::clone(scenario)) {
            Ok(program) => report.program = Some(Arc::new(program)),
            Err(e) => report.diagnostics.push(Diagnostic::unlocated(
                Severity::Error,
                Code::File,
                label,
                e.to_string(),
                "simplify the scenario",
            )),
        }
    }
    report.scenario = scenario;
    report
}

/// Loads and checks a file from disk.
pub fn check_file(path: &Path, framework: &Framework) -> CheckReport {
    let label = path.display().to_string();
    match format::read_bounded(path) {
        Ok(bytes) => check_source(&label, &bytes, framework),
        Err(e) => CheckReport {
            file: label.clone(),
            diagnostics: vec![Diagnostic::unlocated(
                Severity::Error,
                Code::Unreadable,
                &label,
                format!("cannot read the file: {}", io_reason(&e)),
                "check the path; scenario files live in the `scenarios/` folder",
            )],
            scenario: None,
            program: None,
        },
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "there is no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}

/// Why the files a path names cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    /// The folder exists but cannot be read.
    #[error("cannot read the folder {}: {}", path.display(), io_reason(source))]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Nothing is at the path.
    #[error("there is no file or folder called {}", .0.display())]
    Missing(PathBuf),
}

/// The `.ron` files a path names: the file itself, or the files in a folder (not
/// recursing), sorted by name.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, FilesError> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|source| FilesError::Folder {
            path: path.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        Ok(files)
    } else if path.exists() {
        Ok(vec![path.to_path_buf()])
    } else {
        Err(FilesError::Missing(path.to_path_buf()))
    }
}

/// Checks every file a path names; scenario ids must be unique across them.
pub fn check_path(path: &Path, framework: &Framework) -> Result<Vec<CheckReport>, FilesError> {
    let files = scenario_files(path)?;
    let mut reports: Vec<CheckReport> = files.iter().map(|f| check_file(f, framework)).collect();
    check_unique_ids(&mut reports);
    Ok(reports)
}

/// Reports scenarios that share an id (transcripts and the app find scenarios by id). Safe
/// to call again on reports already checked (across several paths): each clash is reported
/// once.
pub fn check_unique_ids(reports: &mut [CheckReport]) {
    let ids: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.scenario.as_ref().map(|s| s.id.to_string()))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        let Some(first) = ids[..i].iter().position(|other| other.as_ref() == Some(id)) else {
            continue;
        };
        let first_file = reports[first].file.clone();
        let report = &mut reports[i];
        if report
            .diagnostics
            .iter()
            .any(|d| d.code == Code::DuplicateScenarioId)
        {
            continue;
        }
        report.diagnostics.push(Diagnostic::unlocated(
            Severity::Error,
            Code::DuplicateScenarioId,
            &report.file,
            format!("the scenario id `{id}` is already used by {first_file}"),
            "give each scenario its own id (transcripts and the app find scenarios by id)",
        ));
    }
}

/// Whether an id is kebab-case (lower-case letters, digits and hyphens).
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert!(is_kebab("first-meeting") && is_kebab("a1"));
        assert!(!is_kebab("First") && !is_kebab("a_b") && !is_kebab("-a") && !is_kebab(""));
    }

    #[test]
    fn duplicate_ids_are_reported_once_however_often_checked() {
        let text = include_str!("../../../../tests/fixtures/mini.ron");
        let framework = Framework::builtin();
        let mut reports = vec![
            parse_scenario("a.ron", text, &framework),
            parse_scenario("b.ron", text, &framework),
        ];
        check_unique_ids(&mut reports);
        check_unique_ids(&mut reports);
        assert_eq!(reports[1].errors(), 1, "{}", reports[1].render(false));
    }
}
