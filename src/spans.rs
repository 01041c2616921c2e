//! Where things are in a RON file.
//!
//! serde (through `ron`) gives the typed scenario but forgets where each value was written.
//! This module reads the same text into a light tree of spans, so that the validator can say
//! "line 42, column 19" about a `next:` that names no node. It is lenient: it runs on text
//! `ron` already accepted, or on text with problems `ron` reports itself, and returns what
//! it could make of it. It never panics and limits nesting depth.

use crate::diagnostic::Span;

/// A value in the file, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `Name(field: value, ...)` or `(field: value, ...)`.
    Struct {
        /// The struct name, when written.
        name: Option<String>,
        /// The fields in the order written.
        fields: Vec<Field>,
        /// The whole value.
        span: Span,
    },
    /// `Name(value, ...)`, `Some(value)` or `(value, ...)`.
    Tuple {
        /// The name before the parenthesis, when written.
        name: Option<String>,
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
        /// Byte offset of the first character inside the quotes.
        content_start: usize,
        /// Whether the literal's bytes equal its decoded text (no escapes), so offsets
        /// into the text map one to one onto the file.
        verbatim: bool,
    },
    /// A number, identifier, character or unit.
    Atom {
        /// The text as written.
        text: String,
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
    /// From the name to the comma after the value (or the value's end), for removing it.
    pub whole: Span,
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
            | Value::Atom { span, .. } => *span,
        }
    }

    /// Looks through `Some(...)` to the value inside.
    fn unwrap_some(&self) -> &Value {
        match self {
            Value::Tuple {
                name: Some(n),
                items,
                ..
            } if n == "Some" && items.len() == 1 => &items[0],
            _ => self,
        }
    }

    /// A struct field by name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.field_entry(name).map(|f| f.value.unwrap_some())
    }

    /// A struct field by name, with the name's place.
    pub fn field_entry(&self, name: &str) -> Option<&Field> {
        match self.unwrap_some() {
            Value::Struct { fields, .. } => fields.iter().find(|f| f.name == name),
            _ => None,
        }
    }

    /// The fields of a struct.
    pub fn fields(&self) -> &[Field] {
        match self.unwrap_some() {
            Value::Struct { fields, .. } => fields,
            _ => &[],
        }
    }

    /// The items of a list.
    pub fn items(&self) -> &[Value] {
        match self.unwrap_some() {
            Value::List { items, .. } => items,
            _ => &[],
        }
    }

    /// A list item by position.
    pub fn index(&self, i: usize) -> Option<&Value> {
        self.items().get(i)
    }

    /// The entries of a map.
    pub fn entries(&self) -> &[(Value, Value)] {
        match self.unwrap_some() {
            Value::Map { entries, .. } => entries,
            _ => &[],
        }
    }

    /// A map entry by string key: (key, value).
    pub fn entry(&self, key: &str) -> Option<(&Value, &Value)> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v.unwrap_some()))
    }

    /// The decoded text of a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match self.unwrap_some() {
            Value::Str { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The span of a piece of a string literal's text (byte range within the decoded text);
    /// the whole literal when the literal has escapes.
    pub fn span_within(&self, start: usize, len: usize) -> Span {
        match self.unwrap_some() {
            Value::Str {
                content_start,
                verbatim: true,
                text,
                ..
            } => {
                let start = start.min(text.len());
                let end = (start + len.max(1)).min(text.len().max(start + 1));
                Span::new(content_start + start, content_start + end)
            }
            other => other.span(),
        }
    }
}

/// Parses RON text into a tree of spans. Returns `None` when the text is too broken to read
/// (the caller then reports `ron`'s own error).
pub fn parse(source: &str) -> Option<Value> {
    let mut parser = Parser {
        src: source.as_bytes(),
        text: source,
        pos: 0,
        depth: 0,
    };
    parser.skip_trivia();
    while parser.peek() == Some(b'#') {
        parser.skip_attribute()?;
        parser.skip_trivia();
    }
    parser.value()
}

/// Deepest nesting read; `ron` itself refuses deeper files.
const MAX_DEPTH: usize = 256;

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    fn skip_trivia(&mut self) {
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
                    let mut level = 0usize;
                    while self.pos < self.src.len() {
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
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attribute(&mut self) -> Option<()> {
        // `#![enable(...)]`: skip to the matching `]`.
        let mut level = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'[' => level += 1,
                b']' => {
                    level = level.checked_sub(1)?;
                    if level == 0 {
                        return Some(());
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn value(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let value = self.value_inner();
        self.depth -= 1;
        value
    }

    fn value_inner(&mut self) -> Option<Value> {
        self.skip_trivia();
        let start = self.pos;
        match self.peek()? {
            b'"' => self.string(start, 0),
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) && self.raw_string_ahead() => {
                self.raw_string(start)
            }
            b'b' if self.peek_at(1) == Some(b'"') => {
                self.pos += 1;
                self.string(start, 1)
            }
            b'[' => {
                self.pos += 1;
                let items = self.sequence(b']')?;
                Some(Value::List {
                    items,
                    span: Span::new(start, self.pos),
                })
            }
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_trivia();
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        break;
                    }
                    let key = self.value()?;
                    self.skip_trivia();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    let value = self.value()?;
                    entries.push((key, value));
                    self.skip_trivia();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {}
                        _ => return None,
                    }
                }
                Some(Value::Map {
                    entries,
                    span: Span::new(start, self.pos),
                })
            }
            b'(' => self.parens(None, start),
            b'\'' => {
                // A character literal.
                self.pos += 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match c {
                        b'\\' => self.pos += 1,
                        b'\'' => break,
                        _ => {}
                    }
                }
                Some(self.atom(start))
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let name = self.identifier();
                self.skip_trivia_no_newline_sensitive();
                if self.peek() == Some(b'(') {
                    self.parens(Some(name), start)
                } else {
                    Some(Value::Atom {
                        text: name,
                        span: Span::new(start, self.pos),
                    })
                }
            }
            c if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') => {
                self.pos += 1;
                while self.peek().is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-')
                }) {
                    // Stop at a sign that is not part of an exponent.
                    if matches!(self.peek(), Some(b'+' | b'-'))
                        && !matches!(self.src.get(self.pos - 1), Some(b'e' | b'E'))
                    {
                        break;
                    }
                    self.pos += 1;
                }
                Some(self.atom(start))
            }
            _ => None,
        }
    }

    fn skip_trivia_no_newline_sensitive(&mut self) {
        self.skip_trivia();
    }

    fn atom(&self, start: usize) -> Value {
        Value::Atom {
            text: self
                .text
                .get(start..self.pos)
                .unwrap_or_default()
                .to_string(),
            span: Span::new(start, self.pos),
        }
    }

    fn identifier(&mut self) -> String {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'+'))
        {
            self.pos += 1;
        }
        let raw = self.text.get(start..self.pos).unwrap_or_default();
        raw.trim_start_matches("r#").to_string()
    }

    /// `(` after an optional name: a struct when the first item is `ident:`, else a tuple.
    fn parens(&mut self, name: Option<String>, start: usize) -> Option<Value> {
        self.pos += 1; // (
        self.skip_trivia();
        if self.looks_like_field() {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                if self.peek()? == b')' {
                    self.pos += 1;
                    break;
                }
                let name_start = self.pos;
                let field_name = self.identifier();
                let name_span = Span::new(name_start, self.pos);
                self.skip_trivia();
                if self.peek()? != b':' {
                    return None;
                }
                self.pos += 1;
                let value = self.value()?;
                let mut whole_end = value.span().end;
                self.skip_trivia();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        whole_end = self.pos;
                    }
                    b')' => {}
                    _ => return None,
                }
                fields.push(Field {
                    name: field_name,
                    name_span,
                    value,
                    whole: Span::new(name_start, whole_end),
                });
            }
            Some(Value::Struct {
                name,
                fields,
                span: Span::new(start, self.pos),
            })
        } else {
            let items = self.sequence(b')')?;
            Some(Value::Tuple {
                name,
                items,
                span: Span::new(start, self.pos),
            })
        }
    }

    fn looks_like_field(&self) -> bool {
        let mut i = self.pos;
        if !self
            .src
            .get(i)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return false;
        }
        while self
            .src
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'#'))
        {
            i += 1;
        }
        while self.src.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        self.src.get(i) == Some(&b':')
    }

    fn sequence(&mut self, close: u8) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek()? == close {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_trivia();
            match self.peek()? {
                b',' => self.pos += 1,
                c if c == close => {}
                _ => return None,
            }
        }
    }

    fn string(&mut self, start: usize, prefix: usize) -> Option<Value> {
        self.pos += 1; // opening quote
        let content_start = self.pos;
        let mut text = String::new();
        let mut verbatim = true;
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    verbatim = false;
                    self.pos += 1;
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'n' => text.push('\n'),
                        b't' => text.push('\t'),
                        b'r' => text.push('\r'),
                        b'0' => text.push('\0'),
                        b'u' => {
                            // \u{XXXX}
                            if self.peek() == Some(b'{') {
                                let hex_start = self.pos + 1;
                                while self.peek().is_some_and(|c| c != b'}') {
                                    self.pos += 1;
                                }
                                let hex = self.text.get(hex_start..self.pos).unwrap_or_default();
                                self.pos += 1;
                                if let Some(ch) =
                                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                                {
                                    text.push(ch);
                                }
                            }
                        }
                        b'\n' => {
                            // Line continuation: skip leading whitespace on the next line.
                            while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                                self.pos += 1;
                            }
                        }
                        other => text.push(other as char),
                    }
                }
                _ => {
                    let rest = self.text.get(self.pos..)?;
                    let ch = rest.chars().next()?;
                    text.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        let _ = prefix;
        Some(Value::Str {
            text,
            span: Span::new(start, self.pos),
            content_start,
            verbatim,
        })
    }

    fn raw_string_ahead(&self) -> bool {
        let mut i = self.pos + 1;
        while self.src.get(i) == Some(&b'#') {
            i += 1;
        }
        self.src.get(i) == Some(&b'"')
    }

    fn raw_string(&mut self, start: usize) -> Option<Value> {
        self.pos += 1; // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // "
        let content_start = self.pos;
        let closing: Vec<u8> = std::iter::once(b'"')
            .chain(std::iter::repeat_n(b'#', hashes))
            .collect();
        loop {
            if self.pos >= self.src.len() {
                return None;
            }
            if self.src[self.pos..].starts_with(&closing) {
                let text = self.text.get(content_start..self.pos)?.to_string();
                self.pos += closing.len();
                return Some(Value::Str {
                    text,
                    span: Span::new(start, self.pos),
                    content_start,
                    verbatim: true,
                });
            }
            self.pos += 1;
        }
    }
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

    #[test]
    fn finds_fields_entries_and_items() {
        let root = parse(SAMPLE);
        assert!(root.is_some());
        let root = root.unwrap_or(Value::Atom {
            text: String::new(),
            span: Span::new(0, 0),
        });
        let id = root.field("id").map(Value::span);
        assert_eq!(id.map(|s| &SAMPLE[s.start..s.end]), Some("\"x\""));
        assert_eq!(
            root.field("person")
                .and_then(|p| p.field("age"))
                .map(|v| &SAMPLE[v.span().start..v.span().end]),
            Some("31")
        );
        let (key, _) = root
            .field("dials")
            .and_then(|d| d.entry("open\"ness"))
            .unzip();
        assert!(key.is_some());
        let next = root
            .field("nodes")
            .and_then(|n| n.entry("a"))
            .and_then(|(_, node)| node.field("choices"))
            .and_then(|c| c.index(0))
            .and_then(|c| c.field("next"));
        assert_eq!(next.and_then(Value::as_str), Some("b"));
        let raw = root
            .field("nodes")
            .and_then(|n| n.entry("a"))
            .and_then(|(_, node)| node.field("next"));
        assert_eq!(raw.and_then(Value::as_str), Some("raw"));
        assert_eq!(root.fields().len(), 7);
    }

    #[test]
    fn span_within_maps_into_verbatim_strings() {
        let text = r#"X(when: "trust >= && a")"#;
        let root = parse(text);
        let when = root.as_ref().and_then(|r| r.field("when"));
        let span = when.map(|w| w.span_within(9, 2));
        assert_eq!(span.map(|s| &text[s.start..s.end]), Some("&&"));
    }

    #[test]
    fn broken_text_gives_none_not_a_panic() {
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
        ] {
            let _ = parse(text);
        }
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_none());
    }
}
