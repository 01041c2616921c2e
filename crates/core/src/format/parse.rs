//! The one strict RON reader for scenario files: text to a tree of [`Value`]s, each with
//! where it was written. It accepts what scenarios use (comments, `#![enable(...)]`, named
//! structs, tuples and `Some(...)`, lists, maps, strings with escapes, raw strings, numbers,
//! identifiers) and stops at the first syntax error, which it explains for trainers. It
//! never panics and limits nesting, so any input is safe.

use crate::diagnostic::{Code, Span};

/// A value in the file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct {
        /// The name before the parenthesis, when written, with its place.
        name: Option<(String, Span)>,
        /// The fields in the order written.
        fields: Vec<Field>,
        /// The whole value.
        span: Span,
    },
    /// `Name(value, ...)`, `Some(value)`, `(value, ...)` or `()`.
    Tuple {
        /// The name before the parenthesis, when written, with its place.
        name: Option<(String, Span)>,
        /// The items.
        items: Vec<Value>,
        /// The whole value.
        span: Span,
    },
    /// `[value, ...]`.
    List {
        /// The items.
        items: Vec<Value>,
        /// The whole value.
        span: Span,
    },
    /// `{key: value, ...}`.
    Map {
        /// The entries.
        entries: Vec<(Value, Value)>,
        /// The whole value.
        span: Span,
    },
    /// A string literal, with its decoded text.
    Str {
        /// The decoded text.
        text: String,
        /// The literal, quotes included.
        span: Span,
    },
    /// A character literal such as `'a'`.
    Char {
        /// The character.
        value: char,
        /// The literal.
        span: Span,
    },
    /// A number as written (`20`, `-3`, `1.5`, `0x1f`).
    Number {
        /// The text as written.
        text: String,
        /// Where.
        span: Span,
    },
    /// A bare identifier: an enum value, `true`, `false`, `None`.
    Ident {
        /// The identifier (without `r#`).
        name: String,
        /// Where.
        span: Span,
    },
}

/// `name: value` inside a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// Where the field name is.
    pub name_span: Span,
    /// The value.
    pub value: Value,
}

impl Value {
    /// Where the value is.
    pub fn span(&self) -> Span {
        match self {
            Value::Struct { span, .. }
            | Value::Tuple { span, .. }
            | Value::List { span, .. }
            | Value::Map { span, .. }
            | Value::Str { span, .. }
            | Value::Char { span, .. }
            | Value::Number { span, .. }
            | Value::Ident { span, .. } => *span,
        }
    }

    /// What kind of value this is, for messages ("a list", "text", ...).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Struct { .. } => "a struct `Name(field: ...)`",
            Value::Tuple { items, .. } if items.is_empty() => "`()`",
            Value::Tuple { .. } => "a value in parentheses",
            Value::List { .. } => "a list `[...]`",
            Value::Map { .. } => "a map `{...}`",
            Value::Str { .. } => "text in quotes",
            Value::Char { .. } => "a character in single quotes",
            Value::Number { .. } => "a number",
            Value::Ident { .. } => "a word without quotes",
        }
    }
}

/// A syntax error: the file cannot be read as RON at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// `syntax`, `unclosed-text` or `too-deep`.
    pub code: Code,
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Deepest nesting read; a scenario needs about eight levels.
pub const MAX_DEPTH: usize = 128;

/// Parses RON text into a tree of positioned values.
pub fn parse(source: &str) -> Result<Value, SyntaxError> {
    let mut parser = Parser {
        src: source.as_bytes(),
        text: source,
        pos: 0,
        depth: 0,
    };
    let result = parser.document();
    result.map_err(|e| unclosed_text_instead(source, e))
}

/// A text missing its closing quote swallows what follows, and the problem shows up further
/// on: point at the line with the unbalanced quote instead.
fn unclosed_text_instead(text: &str, error: SyntaxError) -> SyntaxError {
    if error.code != Code::Syntax {
        return error;
    }
    let Some(quote) = unbalanced_quote_before(text, error.span.start) else {
        return error;
    };
    let end = text
        .get(quote..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| quote + i)
        .max(quote + 1);
    SyntaxError {
        code: Code::UnclosedText,
        span: Span::new(quote, end),
        message: "this text is not closed: the line has an opening `\"` without its closing one"
            .into(),
        hint: "end the text with `\"` before the comma; write `\\\"` for a quote inside a text"
            .into(),
    }
}

/// The nearest line at or before `offset` (within a few lines) whose quotes do not balance,
/// ignoring `//` comments and escaped quotes: the offset of its last opening quote.
pub fn unbalanced_quote_before(text: &str, offset: usize) -> Option<usize> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
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

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

type Parsed<T> = Result<T, SyntaxError>;

fn syntax(span: Span, message: impl Into<String>, hint: impl Into<String>) -> SyntaxError {
    SyntaxError {
        code: Code::Syntax,
        span,
        message: message.into(),
        hint: hint.into(),
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn closing_name(c: u8) -> &'static str {
    match c {
        b')' => "`)`",
        b']' => "`]`",
        _ => "`}`",
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    /// The span of the character at the cursor (or the end of the file).
    fn here(&self) -> Span {
        let len = self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(self.pos, self.pos + len.max(1))
    }

    fn char_here(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn eof(&self) -> SyntaxError {
        let end = self.src.len();
        syntax(
            Span::new(end.saturating_sub(1), end),
            "the file ends too early: a bracket, parenthesis or quote is not closed",
            "check that every `(`, `[`, `{` and `\"` has its partner",
        )
    }

    fn document(&mut self) -> Parsed<Value> {
        self.skip_trivia()?;
        while self.peek() == Some(b'#') {
            self.attribute()?;
            self.skip_trivia()?;
        }
        if self.peek().is_none() {
            return Err(syntax(
                self.here(),
                "the file has no scenario in it",
                "a scenario file holds one `Scenario(...)`",
            ));
        }
        let value = self.value()?;
        self.skip_trivia()?;
        if self.peek().is_some() {
            return Err(syntax(
                self.here(),
                "there is something after the end of the scenario",
                "the file holds one `Scenario(...)`; remove what follows its closing `)`",
            ));
        }
        Ok(value)
    }

    fn skip_trivia(&mut self) -> Parsed<()> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    // Block comments nest in RON.
                    let start = self.pos;
                    let mut level = 0usize;
                    loop {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'/'), Some(b'*')) => {
                                level += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                level -= 1;
                                self.pos += 2;
                                if level == 0 {
                                    break;
                                }
                            }
                            (Some(_), _) => self.pos += 1,
                            (None, _) => {
                                return Err(syntax(
                                    Span::new(start, start + 2),
                                    "a `/*` comment is never closed",
                                    "end the comment with `*/`",
                                ));
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// `#![enable(implicit_some)]`: scenarios are always read with implicit `Some`, so the
    /// attribute is accepted and needs nothing more.
    fn attribute(&mut self) -> Parsed<()> {
        let start = self.pos;
        let bad = |p: &Parser<'_>| {
            syntax(
                Span::new(start, p.pos.max(start + 1)),
                "this line is not a RON attribute",
                "the first line of a scenario may be `#![enable(implicit_some)]`",
            )
        };
        self.pos += 1; // #
        if self.peek() != Some(b'!') {
            return Err(bad(self));
        }
        self.pos += 1;
        self.skip_trivia()?;
        if self.peek() != Some(b'[') {
            return Err(bad(self));
        }
        self.pos += 1;
        self.skip_trivia()?;
        let word = self.identifier();
        if word != "enable" {
            return Err(bad(self));
        }
        self.skip_trivia()?;
        if self.peek() != Some(b'(') {
            return Err(bad(self));
        }
        self.pos += 1;
        loop {
            self.skip_trivia()?;
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(c) if is_ident_start(c) => {
                    let ext_start = self.pos;
                    let ext = self.identifier();
                    if !matches!(
                        ext.as_str(),
                        "implicit_some" | "unwrap_newtypes" | "unwrap_variant_newtypes"
                    ) {
                        return Err(syntax(
                            Span::new(ext_start, self.pos),
                            format!("`{ext}` is not a RON extension scenarios use"),
                            "write `#![enable(implicit_some)]`, or remove the line",
                        ));
                    }
                    self.skip_trivia()?;
                    if self.peek() == Some(b',') {
                        self.pos += 1;
                    }
                }
                None => return Err(self.eof()),
                Some(_) => return Err(bad(self)),
            }
        }
        self.skip_trivia()?;
        if self.peek() != Some(b']') {
            return Err(bad(self));
        }
        self.pos += 1;
        Ok(())
    }

    fn value(&mut self) -> Parsed<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                code: Code::TooDeep,
                span: self.here(),
                message: "the file is nested too deeply to be a scenario".into(),
                hint: "check for runaway brackets".into(),
            });
        }
        let value = self.value_inner();
        self.depth -= 1;
        value
    }

    fn value_inner(&mut self) -> Parsed<Value> {
        self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.eof());
        };
        match c {
            b'"' => self.string(start),
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) && self.raw_string_ahead() => {
                self.raw_string(start)
            }
            b'[' => {
                self.pos += 1;
                let items = self.sequence(b']', start)?;
                Ok(Value::List {
                    items,
                    span: Span::new(start, self.pos),
                })
            }
            b'{' => self.map(start),
            b'(' => self.parens(None, start),
            b'\'' => self.char_literal(start),
            c if is_ident_start(c) => {
                let name = self.identifier();
                let name_span = Span::new(start, self.pos);
                let after_name = self.pos;
                self.skip_trivia()?;
                if self.peek() == Some(b'(') {
                    self.parens(Some((name, name_span)), start)
                } else {
                    self.pos = after_name;
                    Ok(Value::Ident {
                        name,
                        span: name_span,
                    })
                }
            }
            c if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') => self.number(start),
            _ => Err(self.unexpected()),
        }
    }

    fn unexpected(&self) -> SyntaxError {
        match self.char_here() {
            Some(c) if c == ')' || c == ']' || c == '}' => syntax(
                self.here(),
                format!("a value is missing before this `{c}`"),
                "remove the extra comma or bracket, or write the missing value",
            ),
            Some(c) => syntax(
                self.here(),
                format!("unexpected character `{c}`"),
                "check for a missing comma, quote or bracket just before it; texts go in double quotes",
            ),
            None => self.eof(),
        }
    }

    fn identifier(&mut self) -> String {
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        let start = self.pos;
        while self.peek().is_some_and(is_ident_char) {
            self.pos += 1;
        }
        self.text
            .get(start..self.pos)
            .unwrap_or_default()
            .to_string()
    }

    fn number(&mut self, start: usize) -> Parsed<Value> {
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        if !self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'.') {
            return Err(syntax(
                Span::new(start, start + 1),
                "a number was expected after this sign",
                "write a whole number, e.g. -2",
            ));
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
        {
            let exponent = matches!(self.peek(), Some(b'e' | b'E'))
                && !self
                    .text
                    .get(start..self.pos)
                    .is_some_and(|t| t.contains("0x") || t.contains("0X"));
            self.pos += 1;
            if exponent && matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
        }
        Ok(Value::Number {
            text: self
                .text
                .get(start..self.pos)
                .unwrap_or_default()
                .to_string(),
            span: Span::new(start, self.pos),
        })
    }

    fn char_literal(&mut self, start: usize) -> Parsed<Value> {
        self.pos += 1; // '
        let value = match self.peek() {
            Some(b'\\') => self.escape(start)?.unwrap_or(' '),
            Some(_) => {
                let c = self.char_here().unwrap_or(' ');
                self.pos += c.len_utf8();
                c
            }
            None => return Err(self.eof()),
        };
        if self.peek() != Some(b'\'') {
            return Err(syntax(
                Span::new(start, self.pos),
                "a character in single quotes holds one character",
                "write texts in double quotes: \"like this\"",
            ));
        }
        self.pos += 1;
        Ok(Value::Char {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn map(&mut self, start: usize) -> Parsed<Value> {
        self.pos += 1; // {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(self.eof()),
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {}
            }
            let key = self.value()?;
            self.skip_trivia()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.eof()),
                Some(_) => {
                    return Err(syntax(
                        self.here(),
                        "a `:` is missing between a key and its value",
                        "write entries as \"key\": value",
                    ));
                }
            }
            let value = self.value()?;
            entries.push((key, value));
            self.separator(b'}', start)?;
        }
        Ok(Value::Map {
            entries,
            span: Span::new(start, self.pos),
        })
    }

    /// After an item: a comma, or the closing bracket (left for the caller).
    fn separator(&mut self, close: u8, open_at: usize) -> Parsed<()> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(c) if c == close => Ok(()),
            Some(c @ (b')' | b']' | b'}')) => {
                let (line, _) = crate::diagnostic::line_col(self.text, open_at);
                let open = self.src.get(open_at).map_or('(', |b| char::from(*b));
                Err(syntax(
                    self.here(),
                    format!(
                        "this `{}` does not match the `{open}` opened on line {line}",
                        char::from(c)
                    ),
                    format!(
                        "close the `{open}` with {} first, or remove this bracket",
                        closing_name(close)
                    ),
                ))
            }
            None => Err(self.eof()),
            Some(_) => Err(syntax(
                self.here(),
                "a comma is missing between two values",
                "put a `,` at the end of the previous line or value",
            )),
        }
    }

    /// `(` after an optional name: a struct when the first item is `ident:`, else a tuple.
    fn parens(&mut self, name: Option<(String, Span)>, start: usize) -> Parsed<Value> {
        let open_at = self.pos;
        self.pos += 1; // (
        self.skip_trivia()?;
        if !self.looks_like_field() {
            let items = self.sequence(b')', open_at)?;
            return Ok(Value::Tuple {
                name,
                items,
                span: Span::new(start, self.pos),
            });
        }
        let mut fields = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(self.eof()),
                Some(b')') => {
                    self.pos += 1;
                    break;
                }
                Some(c) if is_ident_start(c) => {}
                Some(_) => {
                    return Err(syntax(
                        self.here(),
                        "a field name was expected here",
                        "write fields as `name: value`, separated by commas",
                    ));
                }
            }
            let name_start = self.pos;
            let field_name = self.identifier();
            let name_span = Span::new(name_start, self.pos);
            self.skip_trivia()?;
            match self.peek() {
                Some(b':') => self.pos += 1,
                None => return Err(self.eof()),
                Some(_) => {
                    return Err(syntax(
                        self.here(),
                        format!("a `:` is missing after the field name `{field_name}`"),
                        format!("write `{field_name}: value`"),
                    ));
                }
            }
            let value = self.value()?;
            fields.push(Field {
                name: field_name,
                name_span,
                value,
            });
            self.separator(b')', open_at)?;
        }
        Ok(Value::Struct {
            name,
            fields,
            span: Span::new(start, self.pos),
        })
    }

    fn looks_like_field(&self) -> bool {
        let mut i = self.pos;
        if self.src.get(i) == Some(&b'r') && self.src.get(i + 1) == Some(&b'#') {
            i += 2;
        }
        if !self.src.get(i).is_some_and(|c| is_ident_start(*c)) {
            return false;
        }
        while self.src.get(i).is_some_and(|c| is_ident_char(*c)) {
            i += 1;
        }
        while self.src.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        self.src.get(i) == Some(&b':')
    }

    fn sequence(&mut self, close: u8, open_at: usize) -> Parsed<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia()?;
            match self.peek() {
                None => return Err(self.eof()),
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(_) => {}
            }
            items.push(self.value()?);
            self.separator(close, open_at)?;
        }
    }

    /// After a backslash (at the cursor): the escaped character, `None` for a line
    /// continuation.
    fn escape(&mut self, literal_start: usize) -> Parsed<Option<char>> {
        let at = self.pos;
        self.pos += 1; // backslash
        let Some(e) = self.peek() else {
            return Err(self.unclosed(literal_start));
        };
        self.pos += 1;
        let bad = |p: &Parser<'_>, what: &str| {
            syntax(
                Span::new(at, p.pos),
                format!("`{what}` is not an escape RON knows"),
                "write `\\\"` for a quote, `\\\\` for a backslash, `\\n` for a new line",
            )
        };
        Ok(Some(match e {
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'0' => '\0',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'\\' => '\\',
            b'"' => '"',
            b'\'' => '\'',
            b'/' => '/',
            b'x' => {
                let hex = self.text.get(self.pos..self.pos + 2).unwrap_or_default();
                let code = u8::from_str_radix(hex, 16).ok().filter(u8::is_ascii);
                let Some(code) = code else {
                    return Err(bad(self, "\\x"));
                };
                self.pos += 2;
                char::from(code)
            }
            b'u' => {
                if self.peek() != Some(b'{') {
                    return Err(bad(self, "\\u"));
                }
                let hex_start = self.pos + 1;
                let close = self
                    .text
                    .get(hex_start..)
                    .and_then(|rest| rest.find('}'))
                    .filter(|n| *n <= 6);
                let Some(len) = close else {
                    return Err(bad(self, "\\u{"));
                };
                let hex = self
                    .text
                    .get(hex_start..hex_start + len)
                    .unwrap_or_default();
                self.pos = hex_start + len + 1;
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => c,
                    None => return Err(bad(self, "\\u{...}")),
                }
            }
            b'\n' | b'\r' => {
                // Line continuation: the newline and the next line's indentation go.
                while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                    self.pos += 1;
                }
                return Ok(None);
            }
            _ => {
                // Step over a whole character, so the message shows it.
                while !self.text.is_char_boundary(self.pos) && self.pos < self.src.len() {
                    self.pos += 1;
                }
                let what = self.text.get(at..self.pos).unwrap_or("\\").to_string();
                return Err(bad(self, &what));
            }
        }))
    }

    fn unclosed(&self, start: usize) -> SyntaxError {
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.text.len(), |i| start + i)
            .max(start + 1);
        SyntaxError {
            code: Code::UnclosedText,
            span: Span::new(start, end),
            message: "this text is not closed: it has an opening `\"` without its closing one"
                .into(),
            hint: "end the text with `\"`; write `\\\"` for a quote inside a text".into(),
        }
    }

    fn string(&mut self, start: usize) -> Parsed<Value> {
        self.pos += 1; // opening quote
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(self.unclosed(start)),
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => {
                    if let Some(c) = self.escape(start)? {
                        text.push(c);
                    }
                }
                Some(_) => {
                    // Copy up to the next quote or backslash in one go.
                    let rest = self.text.get(self.pos..).unwrap_or_default();
                    let n = rest.find(['"', '\\']).unwrap_or(rest.len());
                    text.push_str(&rest[..n]);
                    self.pos += n;
                }
            }
        }
        Ok(Value::Str {
            text,
            span: Span::new(start, self.pos),
        })
    }

    fn raw_string_ahead(&self) -> bool {
        let mut i = self.pos + 1;
        while self.src.get(i) == Some(&b'#') {
            i += 1;
        }
        self.src.get(i) == Some(&b'"')
    }

    fn raw_string(&mut self, start: usize) -> Parsed<Value> {
        self.pos += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // "
        let content_start = self.pos;
        let closing = format!("\"{}", "#".repeat(hashes));
        let rest = self.text.get(content_start..).unwrap_or_default();
        let Some(len) = rest.find(&closing) else {
            return Err(self.unclosed(start));
        };
        self.pos = content_start + len + closing.len();
        Ok(Value::Str {
            text: rest[..len].to_string(),
            span: Span::new(start, self.pos),
        })
    }
}

/// The decoded text's piece `start..start + len` as a span in the file, when the literal at
/// `literal` holds the text verbatim (no escapes); otherwise the whole literal.
pub fn span_within(source: &str, literal: Span, text: &str, start: usize, len: usize) -> Span {
    let Some(written) = source.get(literal.start..literal.end) else {
        return literal;
    };
    let Some(open) = written.find('"') else {
        return literal;
    };
    let content = literal.start + open + 1;
    if source.get(content..content + text.len()) != Some(text) {
        return literal;
    }
    let start = start.min(text.len());
    let end = (start + len.max(1)).min(text.len().max(start + 1));
    Span::new(content + start, content + end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r##"// a comment
#![enable(implicit_some)]
Scenario(
    id: "x", /* nested /* comment */ here */
    minutes: 20,
    person: Person(name: "Kez", age: Some(31)),
    dials: { "trust": 35, "open\"ness": -2 },
    nodes: {
        "a": Node(choices: [Choice(id: "c1", next: "b")], next: r#"raw"#),
    },
    pair: (1, 2),
    unit: (),
)"##;

    fn fields(value: &Value) -> &[Field] {
        match value {
            Value::Struct { fields, .. } => fields,
            _ => &[],
        }
    }

    #[test]
    fn reads_structs_maps_lists_and_strings_with_positions() {
        let root = parse(SAMPLE);
        assert!(root.is_ok(), "{root:?}");
        let root = root.unwrap_or(Value::Ident {
            name: String::new(),
            span: Span::default(),
        });
        let top = fields(&root);
        assert_eq!(top.len(), 7);
        assert_eq!(top[0].name, "id");
        let id = top[0].value.span();
        assert_eq!(&SAMPLE[id.start..id.end], "\"x\"");
        let entry = match &top[3].value {
            Value::Map { entries, .. } => entries.get(1),
            _ => None,
        };
        assert!(
            matches!(
                entry,
                Some((Value::Str { text, .. }, Value::Number { text: n, .. }))
                    if text == "open\"ness" && n == "-2"
            ),
            "{entry:?}"
        );
    }

    #[test]
    fn syntax_errors_are_located_and_explained() {
        let missing_comma = "X(\n  a: 1\n  b: 2)";
        let e = parse(missing_comma).err();
        assert_eq!(e.as_ref().map(|e| e.span.start), Some(12));
        assert!(e.is_some_and(|e| e.message.contains("comma is missing")));
        let unclosed = "X(\n  a: \"one,\n  b: 2)";
        assert_eq!(
            parse(unclosed).err().map(|e| e.code),
            Some(Code::UnclosedText)
        );
        let mismatched = "X(a: [1, 2)";
        assert!(
            parse(mismatched)
                .err()
                .is_some_and(|e| e.message.contains("does not match the `[`"))
        );
        assert!(parse("X(a: 1) y").is_err());
        assert!(parse("X(a: \"\\q\")").is_err());
    }

    #[test]
    fn span_within_maps_into_verbatim_strings() {
        let text = r#"X(when: "trust >= && a")"#;
        let literal = Span::new(8, 23);
        let span = span_within(text, literal, "trust >= && a", 9, 2);
        assert_eq!(&text[span.start..span.end], "&&");
        let escaped = r#"X(when: "a \" && b")"#;
        let literal = Span::new(8, 19);
        assert_eq!(span_within(escaped, literal, "a \" && b", 4, 2), literal);
    }

    #[test]
    fn broken_text_is_an_error_not_a_panic() {
        for text in [
            "",
            "(",
            "Scenario(id: ",
            "[1, 2",
            "{\"a\" 1}",
            "\"unterminated",
            "r##\"x\"#",
            "/* never closed",
            "#![enable(",
            "X(a: 1 b: 2)",
            "\u{feff}",
            "é(",
            "'",
            "'ab'",
            "\"\\u{110000}\"",
            "\"\\x",
            "-",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).err().map(|e| e.code), Some(Code::TooDeep));
    }
}
