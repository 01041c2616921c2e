//! What every rule shares: the file, its text, the scenario and the framework it is
//! checked against ([`Context`]), and where problems go ([`Sink`]).

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Severity, Span, did_you_mean};
use crate::format::parse::span_within;
use crate::framework::Framework;
use crate::model::{Expression, Scenario, Spanned};

/// What a rule checks.
pub struct Context<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Its text.
    pub source: &'a Arc<str>,
    /// The scenario read from it.
    pub scenario: &'a Scenario,
    /// The skills, sources and language guide.
    pub framework: &'a Framework,
}

impl Context<'_> {
    /// The place of the piece `offset..offset + len` of a text written at `literal` (the
    /// whole literal when the text has escapes).
    pub fn within(&self, literal: Span, text: &str, offset: usize, len: usize) -> Span {
        span_within(self.source, literal, text, offset, len)
    }

    /// The place of a piece of a condition's text.
    pub fn in_condition(&self, expression: &Expression, offset: usize, len: usize) -> Span {
        self.within(expression.text.span, &expression.text, offset, len)
    }

    /// The 1-based line of a place.
    pub fn line(&self, span: Span) -> usize {
        crate::diagnostic::line_col(self.source, span.start).0
    }

    /// The nodes' and endings' ids.
    pub fn targets(&self) -> Vec<&str> {
        self.scenario
            .nodes
            .keys()
            .chain(self.scenario.endings.keys())
            .map(Spanned::as_str)
            .collect()
    }

    /// The declared dials.
    pub fn dial_names(&self) -> Vec<&str> {
        self.scenario.dials.keys().map(Spanned::as_str).collect()
    }

    /// The declared flags.
    pub fn flag_names(&self) -> Vec<&str> {
        self.scenario.flags.iter().map(Spanned::as_str).collect()
    }
}

/// Where diagnostics for one file go.
pub struct Sink<'a> {
    file: &'a str,
    source: &'a Arc<str>,
    out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    /// An empty sink for a file.
    pub fn new(file: &'a str, source: &'a Arc<str>) -> Sink<'a> {
        Sink {
            file,
            source,
            out: Vec::new(),
        }
    }

    /// Records an error.
    pub fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, code, span, message, hint);
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Warning, code, span, message, hint);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.out.push(Diagnostic::at(
            severity,
            code,
            self.file,
            self.source,
            span,
            message,
            hint,
        ));
    }

    /// What was recorded.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }
}

/// Names in backticks, comma-separated ("none" for none).
pub fn list(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let names: Vec<String> = names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// "did you mean `x`? The {what} are: ..." for a misspelt id.
pub fn suggestion<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    what: &str,
    all: &str,
) -> String {
    match did_you_mean(wrong, candidates) {
        Some(s) => format!("did you mean `{s}`? The {what} are: {all}"),
        None => format!("the {what} are: {all}"),
    }
}
