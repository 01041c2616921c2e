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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
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

    /// Whether the span covers nothing (a value built in code, or not written).
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// The kind of a problem: a short stable name (`unknown-target`), shown in brackets and
/// written as that name in `rapport check --json`. The authoring guide's table lists every
/// code (a test keeps the two in step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// `syntax`: the text is not valid RON: a missing comma, bracket or colon.
    Syntax,
    /// `unclosed-text`: a text has an opening `"` but no closing one.
    UnclosedText,
    /// `wrong-type`: a value of the wrong kind: text where a number belongs, a list where a map belongs.
    WrongType,
    /// `unknown-variant`: a word such as `kind:`, `mood:` or `outcome:` is not one of the allowed values.
    UnknownVariant,
    /// `unknown-field`: a field the format does not have (usually a typo: the hint suggests the right one).
    UnknownField,
    /// `missing-field`: a required field is missing.
    MissingField,
    /// `duplicate-field`: a field is written twice.
    DuplicateField,
    /// `duplicate-key`: a map has the same key twice (two nodes, endings, dials or skills with one name).
    DuplicateKey,
    /// `not-utf8`: the file is not UTF-8 text.
    NotUtf8,
    /// `empty-file`: the file is empty.
    EmptyFile,
    /// `file-too-large`: the file is larger than a scenario can be.
    FileTooLarge,
    /// `unreadable`: the file cannot be read (missing, a folder, no permission).
    Unreadable,
    /// `too-deep`: the file is nested too deeply to be a scenario.
    TooDeep,
    /// `file`: a problem with one of the `assets/` files (skills, sources, language guide).
    File,
    /// `duplicate-scenario-id`: two files use the same `id`.
    DuplicateScenarioId,
    /// `bad-id`: an id is not kebab-case (`first-meeting`), or is empty.
    BadId,
    /// `empty-text`: a title, summary, setting, `say` or objective is empty.
    EmptyText,
    /// `unknown-target`: a `next`, `start` or `time_up` names no node or ending.
    UnknownTarget,
    /// `start-is-ending`: `start` is an ending.
    StartIsEnding,
    /// `ambiguous-id`: an id is both a node and an ending.
    AmbiguousId,
    /// `unknown-skill`: a skill id is not in `assets/skills.ron`.
    UnknownSkill,
    /// `weight-out-of-range`: a skill weight is outside -3 to 3.
    WeightOutOfRange,
    /// `unknown-source`: a source id is not in `assets/sources.ron`.
    UnknownSource,
    /// `unknown-dial`: an effect or condition names an undeclared dial.
    UnknownDial,
    /// `unknown-flag`: a `set`, `clear` or condition names an undeclared flag.
    UnknownFlag,
    /// `flag-is-dial`: the same name is declared as a dial and a flag.
    FlagIsDial,
    /// `dial-out-of-range`: a dial starts outside 0 to 100.
    DialOutOfRange,
    /// `too-many-dials`: more dials than a conversation's state holds (16).
    TooManyDials,
    /// `too-many-flags`: more flags than a conversation's state holds (64).
    TooManyFlags,
    /// `bad-condition`: a `requires` or `when` does not parse; the caret points at the problem.
    BadCondition,
    /// `duplicate-choice-id`: two choices share an id (transcripts refer to choices by id).
    DuplicateChoiceId,
    /// `no-feedback`: a choice has no `feedback`.
    NoFeedback,
    /// `dead-end`: a node has neither `choices` nor `next`.
    DeadEnd,
    /// `choices-and-next`: a node has both `choices` and `next`.
    ChoicesAndNext,
    /// `no-way-out`: from this node no ending can ever be reached.
    NoWayOut,
    /// `time-up-without-minutes`: `time_up` is set but the scenario has no `minutes`.
    TimeUpWithoutMinutes,
    /// `zero-minutes`: the appointment is 0 minutes long.
    ZeroMinutes,
    /// `minutes-out-of-range`: a choice takes an impossible length of time.
    MinutesOutOfRange,
    /// `unreachable-node`: nothing leads to this node from `start`.
    UnreachableNode,
    /// `unreachable-ending`: nothing leads to this ending from `start`.
    UnreachableEnding,
    /// `minutes-without-time-up`: time can run out but nothing happens when it does.
    MinutesWithoutTimeUp,
    /// `flag-never-set`: a flag is tested but no choice sets it, so it is always false.
    FlagNeverSet,
    /// `unused-flag`: a flag is declared but never set or tested.
    UnusedFlag,
    /// `duplicate-flag`: a flag is declared twice.
    DuplicateFlag,
    /// `single-choice`: a decision with only one option.
    SingleChoice,
    /// `unknown-pitfall`: a pitfall id is not in `assets/pitfalls.ron`.
    UnknownPitfall,
    /// `branches-without-next`: a node has `branches` but no `next` to fall back on.
    BranchesWithoutNext,
    /// `no-pitfall-option`: a decision offers no well-meant but flawed option (a choice with `pitfalls`).
    NoPitfallOption,
    /// `longest-is-best`: at most decisions the best option is also clearly the longest line.
    LongestIsBest,
    /// `silent-node`: a beat that shows nothing (no `narration`, no `says`).
    SilentNode,
    /// `empty-variant`: a variant that changes nothing.
    EmptyVariant,
    /// `no-reflection`: no reflection questions for the debrief.
    NoReflection,
    /// `language`: a term from the language guide, with the person-first alternative.
    Language,
}

impl Code {
    /// Every code, in the order of the authoring guide's table.
    pub const ALL: [Code; 53] = [
        Code::Syntax,
        Code::UnclosedText,
        Code::WrongType,
        Code::UnknownVariant,
        Code::UnknownField,
        Code::MissingField,
        Code::DuplicateField,
        Code::DuplicateKey,
        Code::NotUtf8,
        Code::EmptyFile,
        Code::FileTooLarge,
        Code::Unreadable,
        Code::TooDeep,
        Code::File,
        Code::DuplicateScenarioId,
        Code::BadId,
        Code::EmptyText,
        Code::UnknownTarget,
        Code::StartIsEnding,
        Code::AmbiguousId,
        Code::UnknownSkill,
        Code::WeightOutOfRange,
        Code::UnknownSource,
        Code::UnknownDial,
        Code::UnknownFlag,
        Code::FlagIsDial,
        Code::DialOutOfRange,
        Code::TooManyDials,
        Code::TooManyFlags,
        Code::BadCondition,
        Code::DuplicateChoiceId,
        Code::NoFeedback,
        Code::DeadEnd,
        Code::ChoicesAndNext,
        Code::NoWayOut,
        Code::TimeUpWithoutMinutes,
        Code::ZeroMinutes,
        Code::MinutesOutOfRange,
        Code::UnreachableNode,
        Code::UnreachableEnding,
        Code::MinutesWithoutTimeUp,
        Code::FlagNeverSet,
        Code::UnusedFlag,
        Code::DuplicateFlag,
        Code::SingleChoice,
        Code::UnknownPitfall,
        Code::BranchesWithoutNext,
        Code::NoPitfallOption,
        Code::LongestIsBest,
        Code::SilentNode,
        Code::EmptyVariant,
        Code::NoReflection,
        Code::Language,
    ];

    /// The code's name, as shown and as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::UnclosedText => "unclosed-text",
            Code::WrongType => "wrong-type",
            Code::UnknownVariant => "unknown-variant",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::DuplicateField => "duplicate-field",
            Code::DuplicateKey => "duplicate-key",
            Code::NotUtf8 => "not-utf8",
            Code::EmptyFile => "empty-file",
            Code::FileTooLarge => "file-too-large",
            Code::Unreadable => "unreadable",
            Code::TooDeep => "too-deep",
            Code::File => "file",
            Code::DuplicateScenarioId => "duplicate-scenario-id",
            Code::BadId => "bad-id",
            Code::EmptyText => "empty-text",
            Code::UnknownTarget => "unknown-target",
            Code::StartIsEnding => "start-is-ending",
            Code::AmbiguousId => "ambiguous-id",
            Code::UnknownSkill => "unknown-skill",
            Code::WeightOutOfRange => "weight-out-of-range",
            Code::UnknownSource => "unknown-source",
            Code::UnknownDial => "unknown-dial",
            Code::UnknownFlag => "unknown-flag",
            Code::FlagIsDial => "flag-is-dial",
            Code::DialOutOfRange => "dial-out-of-range",
            Code::TooManyDials => "too-many-dials",
            Code::TooManyFlags => "too-many-flags",
            Code::BadCondition => "bad-condition",
            Code::DuplicateChoiceId => "duplicate-choice-id",
            Code::NoFeedback => "no-feedback",
            Code::DeadEnd => "dead-end",
            Code::ChoicesAndNext => "choices-and-next",
            Code::NoWayOut => "no-way-out",
            Code::TimeUpWithoutMinutes => "time-up-without-minutes",
            Code::ZeroMinutes => "zero-minutes",
            Code::MinutesOutOfRange => "minutes-out-of-range",
            Code::UnreachableNode => "unreachable-node",
            Code::UnreachableEnding => "unreachable-ending",
            Code::MinutesWithoutTimeUp => "minutes-without-time-up",
            Code::FlagNeverSet => "flag-never-set",
            Code::UnusedFlag => "unused-flag",
            Code::DuplicateFlag => "duplicate-flag",
            Code::SingleChoice => "single-choice",
            Code::UnknownPitfall => "unknown-pitfall",
            Code::BranchesWithoutNext => "branches-without-next",
            Code::NoPitfallOption => "no-pitfall-option",
            Code::LongestIsBest => "longest-is-best",
            Code::SilentNode => "silent-node",
            Code::EmptyVariant => "empty-variant",
            Code::NoReflection => "no-reflection",
            Code::Language => "language",
        }
    }

    /// One line on what the code means.
    pub fn description(self) -> &'static str {
        match self {
            Code::Syntax => "the text is not valid RON: a missing comma, bracket or colon",
            Code::UnclosedText => "a text has an opening `\"` but no closing one",
            Code::WrongType => {
                "a value of the wrong kind: text where a number belongs, a list where a map belongs"
            }
            Code::UnknownVariant => {
                "a word such as `kind:`, `mood:` or `outcome:` is not one of the allowed values"
            }
            Code::UnknownField => {
                "a field the format does not have (usually a typo: the hint suggests the right one)"
            }
            Code::MissingField => "a required field is missing",
            Code::DuplicateField => "a field is written twice",
            Code::DuplicateKey => {
                "a map has the same key twice (two nodes, endings, dials or skills with one name)"
            }
            Code::NotUtf8 => "the file is not UTF-8 text",
            Code::EmptyFile => "the file is empty",
            Code::FileTooLarge => "the file is larger than a scenario can be",
            Code::Unreadable => "the file cannot be read (missing, a folder, no permission)",
            Code::TooDeep => "the file is nested too deeply to be a scenario",
            Code::File => {
                "a problem with one of the `assets/` files (skills, sources, language guide)"
            }
            Code::DuplicateScenarioId => "two files use the same `id`",
            Code::BadId => "an id is not kebab-case (`first-meeting`), or is empty",
            Code::EmptyText => "a title, summary, setting, `say` or objective is empty",
            Code::UnknownTarget => "a `next`, `start` or `time_up` names no node or ending",
            Code::StartIsEnding => "`start` is an ending",
            Code::AmbiguousId => "an id is both a node and an ending",
            Code::UnknownSkill => "a skill id is not in `assets/skills.ron`",
            Code::WeightOutOfRange => "a skill weight is outside -3 to 3",
            Code::UnknownSource => "a source id is not in `assets/sources.ron`",
            Code::UnknownDial => "an effect or condition names an undeclared dial",
            Code::UnknownFlag => "a `set`, `clear` or condition names an undeclared flag",
            Code::FlagIsDial => "the same name is declared as a dial and a flag",
            Code::DialOutOfRange => "a dial starts outside 0 to 100",
            Code::TooManyDials => "more than 16 dials: a conversation's state holds 16",
            Code::TooManyFlags => "more than 64 flags: a conversation's state holds 64",
            Code::BadCondition => {
                "a `requires` or `when` does not parse; the caret points at the problem"
            }
            Code::DuplicateChoiceId => {
                "two choices share an id (transcripts refer to choices by id)"
            }
            Code::NoFeedback => "a choice has no `feedback`",
            Code::DeadEnd => "a node has neither `choices` nor `next`",
            Code::ChoicesAndNext => "a node has both `choices` and `next`",
            Code::NoWayOut => "from this node no ending can ever be reached",
            Code::TimeUpWithoutMinutes => "`time_up` is set but the scenario has no `minutes`",
            Code::ZeroMinutes => "the appointment is 0 minutes long",
            Code::MinutesOutOfRange => "a choice takes an impossible length of time",
            Code::UnreachableNode => "nothing leads to this node from `start`",
            Code::UnreachableEnding => "nothing leads to this ending from `start`",
            Code::MinutesWithoutTimeUp => "time can run out but nothing happens when it does",
            Code::FlagNeverSet => "a flag is tested but no choice sets it, so it is always false",
            Code::UnusedFlag => "a flag is declared but never set or tested",
            Code::DuplicateFlag => "a flag is declared twice",
            Code::SingleChoice => "a decision with only one option",
            Code::UnknownPitfall => "a pitfall id is not in `assets/pitfalls.ron`",
            Code::BranchesWithoutNext => "a node has `branches` but no `next` to fall back on",
            Code::NoPitfallOption => {
                "a decision offers no well-meant but flawed option (a choice with `pitfalls`)"
            }
            Code::LongestIsBest => {
                "at most decisions the best option is also clearly the longest line"
            }
            Code::SilentNode => "a beat that shows nothing (no `narration`, no `says`)",
            Code::EmptyVariant => "a variant that changes nothing",
            Code::NoReflection => "no reflection questions for the debrief",
            Code::Language => "a term from the language guide, with the person-first alternative",
        }
    }

    /// The code with this name.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One problem in one file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem, e.g. `unknown-target`.
    pub code: Code,
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
        code: Code,
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
        code: Code,
        file: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
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
        let handler = report_handler(color, wrap);
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

/// How the project renders a located message: one line of context, 100 columns, no syntax
/// colours (the checker's and the review list's messages look alike).
pub fn report_handler(color: bool, wrap: bool) -> miette::GraphicalReportHandler {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    miette::GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100)
        .with_wrap_lines(wrap)
        .without_syntax_highlighting()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_hint() {
        let source: Arc<str> = Arc::from("a: 1,\n  next: \"nowhere\",\n");
        let d = Diagnostic::at(
            Severity::Error,
            Code::UnknownTarget,
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
    fn code_names_are_unique_kebab_case_and_round_trip() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for name in &names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
            assert_eq!(Code::from_name(name).map(Code::as_str), Some(*name));
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a code name is used twice");
        assert!(Code::ALL.iter().all(|c| !c.description().is_empty()));
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
