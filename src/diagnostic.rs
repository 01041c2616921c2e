//! Problems found in authored files, located and explained for trainers who are not
//! programmers: what is wrong, where (file:line:col with the line shown), how to fix it.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// Whether a problem stops the scenario being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be played until this is fixed.
    Error,
    /// The scenario plays, but something is probably not what the author meant.
    Warning,
}

/// A byte range in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable name for the kind of problem, e.g. `unknown-target`.
    pub code: &'static str,
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, 0 when the problem has no place in the file.
    pub line: usize,
    /// 1-based column (in characters), 0 when unlocated.
    pub column: usize,
    /// Where in the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub hint: String,
    /// The offending line of the file, when located.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_text: Option<String>,
    /// The whole file, for rendering context around the line.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    /// A problem at a place in a file.
    pub fn at(
        severity: Severity,
        code: &'static str,
        file: &str,
        source: &Arc<str>,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.min(source.len())).max(start);
        let (line, column) = line_col(source, start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line,
            column,
            span: Some(Span { start, end }),
            message: message.into(),
            hint: hint.into(),
            line_text: Some(
                source[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_string(),
            ),
            source: Some(source.clone()),
        }
    }

    /// A problem with a whole file (unreadable, too large, ...).
    pub fn unlocated(
        severity: Severity,
        file: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code: "file",
            file: file.to_string(),
            line: 0,
            column: 0,
            span: None,
            message: message.into(),
            hint: hint.into(),
            line_text: None,
            source: None,
        }
    }

    /// Sets the code.
    pub fn with_code(mut self, code: &'static str) -> Diagnostic {
        self.code = code;
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file when unlocated.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }

    /// Renders the problem like a compiler does (through miette): the message, the location
    /// `file:line:col`, the line with the offending text underlined, and the hint.
    /// `color` adds ANSI colours for terminals.
    pub fn render(&self, color: bool) -> String {
        self.render_with(color, true)
    }

    /// Plain rendering without line wrapping, for a panel that wraps text itself (the app).
    pub fn render_unwrapped(&self) -> String {
        self.render_with(false, false)
    }

    fn render_with(&self, color: bool, wrap: bool) -> String {
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100)
            .with_wrap_lines(wrap)
            .without_syntax_highlighting();
        let mut out = String::new();
        let report = Rendered {
            diagnostic: self,
            source: self
                .source
                .as_ref()
                .map(|s| miette::NamedSource::new(&self.file, s.to_string())),
        };
        if handler.render_report(&mut out, &report).is_err() || out.is_empty() {
            // Rendering only fails on a formatter error; keep the essentials regardless.
            out = format!(
                "{}: {}\n  hint: {}\n",
                self.location(),
                self.message,
                self.hint
            );
        }
        if self.line == 0 {
            out = format!("{}: {}", self.file, out.trim_start());
        }
        out
    }
}

/// A diagnostic in the shape miette renders.
struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<miette::NamedSource<String>>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.diagnostic.hint.is_empty())
            .then(|| Box::new(&self.diagnostic.hint) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.diagnostic.span?;
        self.source.as_ref()?;
        let label = miette::LabeledSpan::new_with_span(
            Some("here".to_string()),
            miette::SourceSpan::new(
                span.start.into(),
                span.end.saturating_sub(span.start).max(1),
            ),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and column (in characters); clamps to the text.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += l.len();
    }
    source.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// "Did you mean ...?" for a misspelt id.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_hint() {
        let source: Arc<str> = Arc::from("a: 1,\n  next: \"nowhere\",\n");
        let d = Diagnostic::at(
            Severity::Error,
            "unknown-target",
            "x.ron",
            &source,
            Span::new(14, 23),
            "no node or ending called `nowhere`",
            "check the spelling",
        );
        assert_eq!((d.line, d.column), (2, 9));
        assert_eq!(d.line_text.as_deref(), Some("  next: \"nowhere\","));
        let text = d.render(false);
        assert!(text.contains("[x.ron:2:9]"), "{text}");
        assert!(text.contains("next: \"nowhere\","), "{text}");
        assert!(text.contains("────┬────"), "{text}");
        assert!(
            text.contains("no node or ending called `nowhere`"),
            "{text}"
        );
        assert!(text.contains("check the spelling"), "{text}");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("é\nab", 4), (2, 2));
        assert_eq!(offset_of("é\nab", 2, 2), 4);
        assert_eq!(line_col("abc", 99), (1, 4));
    }

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(
            did_you_mean("respectfull", ["respectful", "caring"]),
            Some("respectful")
        );
        assert_eq!(did_you_mean("zzz", ["respectful", "caring"]), None);
    }
}
