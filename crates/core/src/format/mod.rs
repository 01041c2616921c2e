//! The scenario file format: bytes to text ([`decode_text`]), text to a positioned tree
//! ([`parse`]), the tree to the model ([`de`], [`scenario`]), all in one pass that reports
//! every problem. The other RON files (the `assets/` data and playthrough files) are plain
//! data without positions in the model and are read with serde ([`parse_ron`]).

pub mod de;
pub mod parse;
pub mod scenario;

use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic, Severity, Span, did_you_mean, offset_of};
use crate::model::Scenario;

pub use de::Problem;
pub use parse::{SyntaxError, Value};

/// Largest scenario file read, so a mistaken path to a huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Reads a scenario's text in one pass: the scenario (unless the text is not RON, or is not
/// a `Scenario(...)` at all) and every problem found on the way.
pub fn read_scenario(source: &str) -> Result<(Option<Scenario>, Vec<Problem>), SyntaxError> {
    let tree = parse::parse(source)?;
    let mut reader = de::Reader::new(source);
    let scenario = reader.read::<Scenario>(&tree);
    Ok((scenario, reader.problems))
}

impl SyntaxError {
    /// The syntax error as a diagnostic in a file.
    pub fn diagnostic(&self, file: &str, source: &Arc<str>) -> Diagnostic {
        Diagnostic::at(
            Severity::Error,
            self.code,
            file,
            source,
            self.span,
            self.message.clone(),
            self.hint.clone(),
        )
    }
}

/// The RON options the other files are read with: `Some(...)` may be left out.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Reads a RON value with the project's options (assets and playthrough files; scenarios
/// are read with [`read_scenario`]).
pub fn parse_ron<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, ron::error::SpannedError> {
    ron_options().from_str(text)
}

/// Reads a file, but never more than one byte past [`MAX_FILE_BYTES`]: a file that reports
/// no size (`/dev/zero`, a pipe) or lies about it cannot exhaust memory. [`decode_text`]
/// then refuses what is too long.
pub fn read_bounded(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Checks that bytes are UTF-8 text of a sensible size.
pub fn decode_text(label: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(Diagnostic::unlocated(
            Severity::Error,
            Code::FileTooLarge,
            label,
            format!(
                "the file is larger than a scenario can be ({} MB)",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "check that this is the scenario you meant; split very large scenarios",
        )));
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
                Code::NotUtf8,
                label,
                &lossy,
                Span::new(prefix.len(), prefix.len() + 3),
                "the file is not UTF-8 text (a character here is in another encoding, or the file is not text)",
                "save the file as UTF-8 in your editor (\"Save with encoding: UTF-8\")",
            )))
        }
    }
}

/// Turns a `ron` error in one of the other RON files (assets, playthroughs) into a
/// diagnostic a trainer can act on.
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
    let (code, message, hint): (Code, String, String) = match &error.code {
        E::ExpectedComma => (
            Code::Syntax,
            "a comma is missing between two values".into(),
            "put a `,` at the end of the previous line or value".into(),
        ),
        E::Eof => (
            Code::Syntax,
            "the file ends too early: a bracket, parenthesis or quote is not closed".into(),
            "check that every `(`, `[`, `{` and `\"` has its partner".into(),
        ),
        E::ExpectedStringEnd => (
            Code::Syntax,
            "this text is not closed with a `\"`".into(),
            "end the text with `\"`; write `\\\"` for a quote inside it".into(),
        ),
        E::ExpectedString => (
            Code::WrongType,
            "text in double quotes was expected here".into(),
            "put the value in double quotes, e.g. \"like this\"".into(),
        ),
        E::ExpectedInteger | E::ExpectedFloat => (
            Code::WrongType,
            "a number was expected here".into(),
            "write a whole number without quotes, e.g. 20".into(),
        ),
        E::ExpectedArray => (
            Code::WrongType,
            "a list in square brackets was expected here".into(),
            "write a list like [\"first\", \"second\"]".into(),
        ),
        E::ExpectedMap => (
            Code::WrongType,
            "a map in curly brackets was expected here".into(),
            "write a map like { \"trust\": 10 }".into(),
        ),
        E::ExpectedMapColon => (
            Code::Syntax,
            "a `:` is missing between a key and its value".into(),
            "write entries as \"key\": value".into(),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => (
            Code::Syntax,
            "a closing bracket or a comma is missing".into(),
            "check the brackets and commas around here".into(),
        ),
        E::TrailingCharacters => (
            Code::Syntax,
            "there is something after the end of the scenario".into(),
            "the file holds one `Scenario(...)`; remove what follows its closing `)`".into(),
        ),
        E::ExceededRecursionLimit => (
            Code::TooDeep,
            "the file is nested too deeply to be a scenario".into(),
            "check for runaway brackets".into(),
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => (
            Code::UnknownVariant,
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
            Code::UnknownField,
            format!(
                "`{found}` is not a field of {}",
                outer.as_deref().unwrap_or("this item")
            ),
            format!("the fields are: {}", expected.join(", ")),
        ),
        E::MissingStructField { field, outer } => (
            Code::MissingField,
            format!(
                "{} is missing its `{field}` field",
                outer.as_deref().unwrap_or("this item")
            ),
            format!("add `{field}: ...` inside the parentheses"),
        ),
        E::DuplicateStructField { field, .. } => (
            Code::DuplicateField,
            format!("`{field}` is written twice"),
            "keep one of them".into(),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            Code::WrongType,
            format!("expected `{expected}(...)` here, found `{found}(...)`"),
            format!("write `{expected}(`"),
        ),
        E::InvalidValueForType { expected, found } => (
            Code::WrongType,
            format!("expected {expected}, found {found}"),
            "check the value's type against the authoring guide in the README".into(),
        ),
        E::IntegerOutOfBounds => (
            Code::WrongType,
            "this number is out of range".into(),
            "dials and minutes are whole numbers from 0; weights from -3 to 3".into(),
        ),
        E::UnexpectedChar(c) => (
            Code::Syntax,
            format!("unexpected character `{c}`"),
            "check for a missing comma, quote or bracket just before it".into(),
        ),
        E::UnclosedBlockComment => (
            Code::Syntax,
            "a `/*` comment is never closed".into(),
            "end the comment with `*/`".into(),
        ),
        other => (
            Code::Syntax,
            other.to_string(),
            "compare with a working scenario such as scenarios/first-meeting.ron".into(),
        ),
    };
    // A text missing its closing quote swallows what follows, and `ron` reports a confusing
    // problem further on: point at the line with the unbalanced quote instead.
    if code == Code::Syntax
        && let Some(quote) = parse::unbalanced_quote_before(text, start)
    {
        return Diagnostic::at(
            Severity::Error,
            Code::UnclosedText,
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
