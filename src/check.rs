//! The one loader and validator. `rapport check`, `rapport play`, the analyser and the app
//! all read scenarios through [`check_source`], so a file that passes the checker behaves the
//! same everywhere.
//!
//! Loading runs in passes, collecting every problem rather than stopping at the first:
//! 1. the bytes must be UTF-8 text of a sensible size;
//! 2. the text is read into a tree of spans ([`crate::spans`]) and every field name is
//!    checked against the format, so all misspelt fields are reported at once;
//! 3. serde reads the typed [`Scenario`] (with misspelt fields blanked out, so one typo does
//!    not hide the rest of the file's problems);
//! 4. [`crate::validate`] checks ids, targets, conditions, weights and the graph.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity, Span, did_you_mean, offset_of};
use crate::framework::Framework;
use crate::model::{Choice, Credit, Ending, Node, Person, Scenario, Variant};
use crate::spans;

/// Largest scenario file read, so a mistaken path to a huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The result of loading and checking one file.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The file as the user named it.
    pub file: String,
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The scenario, when it could be read (even if it has errors).
    pub scenario: Option<Scenario>,
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
    pub fn playable(&self) -> Option<&Scenario> {
        if self.errors() == 0 {
            self.scenario.as_ref()
        } else {
            None
        }
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

/// The RON options every file is read with: `Some(...)` may be left out of optional fields.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a RON value with the project's options.
pub fn parse_ron<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ron::error::SpannedError> {
    ron_options().from_str(text)
}

/// Checks that bytes are UTF-8 text of a sensible size.
pub fn decode_text(label: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::unlocated(
                Severity::Error,
                label,
                format!(
                    "the file is {} MB, larger than a scenario can be ({} MB)",
                    bytes.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                "check that this is the scenario you meant; split very large scenarios",
            )
            .with_code("file-too-large"),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            // Show the line up to the bad byte, with the rest of the file made readable.
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).as_ref());
            let valid = e.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            Err(Box::new(Diagnostic::at(
                Severity::Error,
                "not-utf8",
                label,
                &lossy,
                Span::new(prefix.len(), prefix.len() + 3),
                "the file is not UTF-8 text (a character here is in another encoding, or the file is not text)",
                "save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")",
            )))
        }
    }
}

/// Loads and checks one scenario's text.
pub fn check_source(label: &str, bytes: &[u8], framework: &Framework) -> CheckReport {
    let mut report = CheckReport {
        file: label.to_string(),
        diagnostics: Vec::new(),
        scenario: None,
    };
    let text = match decode_text(label, bytes) {
        Ok(text) => text,
        Err(d) => {
            report.diagnostics.push(*d);
            return report;
        }
    };
    let source: Arc<str> = Arc::from(text.as_str());
    if text.trim().is_empty() {
        report.diagnostics.push(
            Diagnostic::unlocated(
                Severity::Error,
                label,
                "the file is empty",
                "start from `rapport new --kind FirstMeeting my-scenario`, or copy an existing scenario",
            )
            .with_code("empty-file"),
        );
        return report;
    }

    // Pass 2: field names, all at once.
    let tree = spans::parse(&text);
    let mut blanked = text.clone();
    if let Some(tree) = &tree {
        let unknown = unknown_fields(tree);
        for (field, expected, context) in &unknown {
            let suggestion = did_you_mean(&field.name, expected.iter().copied());
            let hint = match suggestion {
                Some(s) => format!(
                    "did you mean `{s}`? {context} fields are: {}",
                    expected.join(", ")
                ),
                None => format!("{context} fields are: {}", expected.join(", ")),
            };
            report.diagnostics.push(Diagnostic::at(
                Severity::Error,
                "unknown-field",
                label,
                &source,
                field.name_span,
                format!("`{}` is not a field of {context}", field.name),
                hint,
            ));
            blank(&mut blanked, field.whole);
        }
    }

    // Pass 3: the typed scenario.
    let scenario: Scenario = match parse_ron(&blanked) {
        Ok(s) => s,
        Err(error) => {
            let d = ron_error_diagnostic(label, &text, &error);
            // A field already reported as unknown is not reported twice.
            if !(matches!(error.code, ron::Error::NoSuchStructField { .. })
                && report.diagnostics.iter().any(|e| e.code == "unknown-field"))
            {
                report.diagnostics.push(d);
            }
            sort(&mut report.diagnostics);
            return report;
        }
    };

    // Pass 4: meaning.
    let empty = spans::Value::Atom {
        text: String::new(),
        span: Span::new(0, 0),
    };
    let tree = tree.unwrap_or(empty);
    crate::validate::validate(
        &scenario,
        &tree,
        framework,
        &mut crate::validate::Sink {
            file: label,
            source: &source,
            out: &mut report.diagnostics,
        },
    );
    crate::language::check_language(
        &scenario,
        &tree,
        &framework.language,
        &mut crate::validate::Sink {
            file: label,
            source: &source,
            out: &mut report.diagnostics,
        },
    );
    sort(&mut report.diagnostics);
    report.scenario = Some(scenario);
    report
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
}

/// Replaces a span with spaces (keeping newlines), so positions elsewhere do not move.
fn blank(text: &mut String, span: Span) {
    let Some(piece) = text.get(span.start..span.end) else {
        return;
    };
    let replacement: String = piece
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .flat_map(|c| std::iter::repeat_n(c, 1))
        .collect();
    // Multi-byte characters become one space each; pad to keep byte offsets after it.
    let padded = format!(
        "{replacement}{}",
        " ".repeat(piece.len() - replacement.len())
    );
    text.replace_range(span.start..span.end, &padded);
}

/// Loads and checks a file from disk.
pub fn check_file(path: &Path, framework: &Framework) -> CheckReport {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => check_source(&label, &bytes, framework),
        Err(e) => CheckReport {
            file: label.clone(),
            diagnostics: vec![
                Diagnostic::unlocated(
                    Severity::Error,
                    &label,
                    format!("cannot read the file: {}", io_reason(&e)),
                    "check the path; scenario files live in the `scenarios/` folder",
                )
                .with_code("unreadable"),
            ],
            scenario: None,
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

/// The `.ron` files a path names: the file itself, or the files in a folder (not
/// recursing), sorted by name.
pub fn scenario_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| {
            format!(
                "cannot read the folder {}: {}",
                path.display(),
                io_reason(&e)
            )
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
        Err(format!(
            "there is no file or folder called {}",
            path.display()
        ))
    }
}

/// Checks every file a path names; scenario ids must be unique across them.
pub fn check_path(path: &Path, framework: &Framework) -> Result<Vec<CheckReport>, String> {
    let files = scenario_files(path)?;
    let mut reports: Vec<CheckReport> = files.iter().map(|f| check_file(f, framework)).collect();
    check_unique_ids(&mut reports);
    Ok(reports)
}

/// Reports scenarios that share an id (transcripts and the app find scenarios by id).
pub fn check_unique_ids(reports: &mut [CheckReport]) {
    let ids: Vec<Option<String>> = reports
        .iter()
        .map(|r| r.scenario.as_ref().map(|s| s.id.clone()))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        let Some(first) = ids[..i].iter().position(|other| other.as_ref() == Some(id)) else {
            continue;
        };
        let first_file = reports[first].file.clone();
        let report = &mut reports[i];
        report.diagnostics.push(
            Diagnostic::unlocated(
                Severity::Error,
                &report.file,
                format!("the scenario id `{id}` is already used by {first_file}"),
                "give each scenario its own id (transcripts and the app find scenarios by id)",
            )
            .with_code("duplicate-scenario-id"),
        );
    }
}

/// Turns a `ron` error into a diagnostic a trainer can act on.
pub fn ron_error_diagnostic(
    label: &str,
    text: &str,
    error: &ron::error::SpannedError,
) -> Diagnostic {
    use ron::Error as E;
    let source: Arc<str> = Arc::from(text);
    let start = offset_of(text, error.span.start.line, error.span.start.col);
    let mut end = offset_of(text, error.span.end.line, error.span.end.col);
    if end <= start {
        end = start + 1;
    }
    let (code, message, hint): (&'static str, String, String) = match &error.code {
        E::ExpectedComma => (
            "syntax",
            "a comma is missing between two values".into(),
            "put a `,` at the end of the previous line or value".into(),
        ),
        E::Eof => (
            "syntax",
            "the file ends too early: a bracket, parenthesis or quote is not closed".into(),
            "check that every `(`, `[`, `{` and `\"` has its partner".into(),
        ),
        E::ExpectedStringEnd => (
            "syntax",
            "this text is not closed with a `\"`".into(),
            "end the text with `\"`; write `\\\"` for a quote inside it".into(),
        ),
        E::ExpectedString => (
            "wrong-type",
            "text in double quotes was expected here".into(),
            "put the value in double quotes, e.g. \"like this\"".into(),
        ),
        E::ExpectedInteger | E::ExpectedFloat => (
            "wrong-type",
            "a number was expected here".into(),
            "write a whole number without quotes, e.g. 20".into(),
        ),
        E::ExpectedArray => (
            "wrong-type",
            "a list in square brackets was expected here".into(),
            "write a list like [\"first\", \"second\"]".into(),
        ),
        E::ExpectedMap => (
            "wrong-type",
            "a map in curly brackets was expected here".into(),
            "write a map like { \"trust\": 10 }".into(),
        ),
        E::ExpectedMapColon => (
            "syntax",
            "a `:` is missing between a key and its value".into(),
            "write entries as \"key\": value".into(),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => (
            "syntax",
            "a closing bracket or a comma is missing".into(),
            "check the brackets and commas around here".into(),
        ),
        E::TrailingCharacters => (
            "syntax",
            "there is something after the end of the scenario".into(),
            "the file holds one `Scenario(...)`; remove what follows its closing `)`".into(),
        ),
        E::ExceededRecursionLimit => (
            "too-deep",
            "the file is nested too deeply to be a scenario".into(),
            "check for runaway brackets".into(),
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => (
            "unknown-variant",
            format!("`{found}` is not one of the allowed values"),
            match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? allowed: {}", expected.join(", ")),
                None => format!("allowed: {}", expected.join(", ")),
            },
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            "unknown-field",
            format!(
                "`{found}` is not a field of {}",
                outer.as_deref().unwrap_or("this item")
            ),
            format!("the fields are: {}", expected.join(", ")),
        ),
        E::MissingStructField { field, outer } => (
            "missing-field",
            format!(
                "{} is missing its `{field}` field",
                outer.as_deref().unwrap_or("this item")
            ),
            format!("add `{field}: ...` inside the parentheses"),
        ),
        E::DuplicateStructField { field, .. } => (
            "duplicate-field",
            format!("`{field}` is written twice"),
            "keep one of them".into(),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            "wrong-type",
            format!("expected `{expected}(...)` here, found `{found}(...)`"),
            format!("write `{expected}(`"),
        ),
        E::InvalidValueForType { expected, found } => (
            "wrong-type",
            format!("expected {expected}, found {found}"),
            "check the value's type against the authoring guide in the README".into(),
        ),
        E::IntegerOutOfBounds => (
            "wrong-type",
            "this number is out of range".into(),
            "dials and minutes are whole numbers from 0; weights from -3 to 3".into(),
        ),
        E::UnexpectedChar(c) => (
            "syntax",
            format!("unexpected character `{c}`"),
            "check for a missing comma, quote or bracket just before it".into(),
        ),
        E::UnclosedBlockComment => (
            "syntax",
            "a `/*` comment is never closed".into(),
            "end the comment with `*/`".into(),
        ),
        other => (
            "syntax",
            other.to_string(),
            "compare with a working scenario such as scenarios/first-meeting.ron".into(),
        ),
    };
    // A text missing its closing quote swallows what follows, and `ron` reports a confusing
    // problem further on: point at the line with the unbalanced quote instead.
    if code == "syntax"
        && let Some(quote) = unbalanced_quote_before(text, start)
    {
        return Diagnostic::at(
            Severity::Error,
            "unclosed-text",
            label,
            &source,
            Span::new(
                quote,
                text[quote..]
                    .find('\n')
                    .map_or(text.len(), |i| quote + i)
                    .max(quote + 1),
            ),
            "this text is not closed: the line has an opening `\"` without its closing one",
            "end the text with `\"` before the comma; write `\\\"` for a quote inside a text",
        );
    }
    Diagnostic::at(
        Severity::Error,
        code,
        label,
        &source,
        Span::new(start, end),
        message,
        hint,
    )
}

/// The nearest line at or before `offset` (within a few lines) whose quotes do not balance,
/// ignoring `//` comments and escaped quotes: the offset of its last opening quote.
fn unbalanced_quote_before(text: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    let mut line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    for _ in 0..4 {
        let line_start = text[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..line_end];
        let mut quotes = Vec::new();
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next(); // the escaped character
                }
                '"' => quotes.push(i),
                // A comment outside any text ends the line.
                '/' if quotes.len() % 2 == 0 && chars.peek().is_some_and(|&(_, n)| n == '/') => {
                    break;
                }
                _ => {}
            }
        }
        if quotes.len() % 2 == 1 {
            return quotes.last().map(|q| line_start + q);
        }
        if line_start == 0 {
            return None;
        }
        line_end = line_start - 1;
    }
    None
}

/// The field names serde accepts for a type, read from its `Deserialize` impl so they can
/// never drift from the model.
pub fn field_names<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl serde::de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> serde::Deserializer<'de> for &mut Probe {
        type Error = Stop;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0 = Some(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
    let mut probe = Probe(None);
    let _ = T::deserialize(&mut probe);
    probe.0.unwrap_or(&[])
}

/// A field written where the format has none: the field, the allowed names, what it is in.
type UnknownField<'a> = (&'a spans::Field, &'static [&'static str], &'static str);

/// Every field written where the format has no such field.
fn unknown_fields(root: &spans::Value) -> Vec<UnknownField<'_>> {
    fn visit<'a>(
        value: &'a spans::Value,
        allowed: &'static [&'static str],
        what: &'static str,
        out: &mut Vec<UnknownField<'a>>,
    ) {
        for field in value.fields() {
            if !allowed.contains(&field.name.as_str()) {
                out.push((field, allowed, what));
            }
        }
    }
    let mut out = Vec::new();
    visit(root, field_names::<Scenario>(), "Scenario", &mut out);
    if let Some(person) = root.field("person") {
        visit(person, field_names::<Person>(), "Person", &mut out);
    }
    for credit in root
        .field("credits")
        .map(spans::Value::items)
        .unwrap_or_default()
    {
        visit(credit, field_names::<Credit>(), "Credit", &mut out);
    }
    for (_, node) in root
        .field("nodes")
        .map(spans::Value::entries)
        .unwrap_or_default()
    {
        visit(node, field_names::<Node>(), "Node", &mut out);
        for variant in node
            .field("variants")
            .map(spans::Value::items)
            .unwrap_or_default()
        {
            visit(variant, field_names::<Variant>(), "Variant", &mut out);
        }
        for choice in node
            .field("choices")
            .map(spans::Value::items)
            .unwrap_or_default()
        {
            visit(choice, field_names::<Choice>(), "Choice", &mut out);
        }
    }
    for (_, ending) in root
        .field("endings")
        .map(spans::Value::entries)
        .unwrap_or_default()
    {
        visit(ending, field_names::<Ending>(), "Ending", &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_model() {
        let names = field_names::<Choice>();
        assert!(names.contains(&"perspective") && names.contains(&"requires"));
        assert_eq!(field_names::<Credit>(), &["name", "contribution"]);
    }

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        let mut text = String::from("a: 1,\nbé: \"x\ny\",\nc: 2");
        let before = text.len();
        blank(&mut text, Span::new(6, 16));
        assert_eq!(text.len(), before);
        assert_eq!(text.matches('\n').count(), 3);
        assert!(text.ends_with("c: 2"));
    }
}
