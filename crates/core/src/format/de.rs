//! From the positioned tree to typed values, collecting every problem.
//!
//! Each type that can be read from a scenario file implements [`FromValue`] by hand: it
//! reads what it can, reports what is wrong to the [`Reader`] (unknown fields with a
//! suggestion, missing fields, wrong kinds of value, unknown enum values, keys or fields
//! written twice) and goes on. A struct missing a field is still read, with a placeholder
//! that has no place in the file (an empty [`Span`]), so the checks after reading still run
//! on the rest of it and skip what was not written; a value that is not a struct at all is
//! left out. One run therefore reports every problem.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Span, did_you_mean};
use crate::format::parse::{Field, Value};
use crate::model::{Place, Spanned};

/// A problem found while reading, before it is placed in a file: the same shape as a
/// syntax error, which is one kind of problem.
pub type Problem = crate::format::parse::SyntaxError;

/// Collects the problems found while reading one file.
#[derive(Debug, Default)]
pub struct Reader<'s> {
    /// The file's text, for messages that name a line.
    pub source: &'s str,
    /// Every problem so far, in the order found.
    pub problems: Vec<Problem>,
    /// The key of the map entry whose value is being read, for naming it in messages.
    entry: Option<String>,
}

impl<'s> Reader<'s> {
    /// A reader for one file's text.
    pub fn new(source: &'s str) -> Reader<'s> {
        Reader {
            source,
            problems: Vec::new(),
            entry: None,
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        crate::diagnostic::line_col(self.source, offset).0
    }

    /// Records a problem.
    pub fn report(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.problems.push(Problem {
            code,
            span,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Reads a value of type `T`; `None` (with the problem reported) when it cannot.
    pub fn read<T: FromValue>(&mut self, value: &Value) -> Option<T> {
        T::from_value(value, self)
    }

    fn wrong_type<T: FromValue>(&mut self, value: &Value) {
        self.report(
            Code::WrongType,
            value.span(),
            format!("{} was expected here, not {}", T::EXPECTED, value.kind()),
            T::hint(),
        );
    }

    /// Starts reading a struct called `name` with the given fields: reports unknown fields
    /// (with a suggestion), fields written twice and a different struct name. `None` when
    /// the value is not a struct at all (reported).
    pub fn structure<'v>(
        &mut self,
        value: &'v Value,
        name: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<Struct<'v>> {
        let entry = self.entry.take();
        let (written, fields, span): (&Option<(String, Span)>, &'v [Field], Span) = match value {
            Value::Struct { name, fields, span } => (name, fields, *span),
            Value::Tuple { name, items, span } if items.is_empty() => (name, &[], *span),
            other => {
                self.report(
                    Code::WrongType,
                    other.span(),
                    format!("`{name}(...)` was expected here, not {}", other.kind()),
                    format!(
                        "write `{name}(field: value, ...)`; its fields are: {}",
                        allowed.join(", ")
                    ),
                );
                return None;
            }
        };
        if let Some((found, found_span)) = written
            && found != name
        {
            self.report(
                Code::WrongType,
                *found_span,
                format!("expected `{name}(...)` here, found `{found}(...)`"),
                format!("write `{name}(`"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        let mut used = Vec::with_capacity(fields.len());
        for field in fields {
            let known = allowed.contains(&field.name.as_str());
            let twice = seen.contains(&field.name.as_str());
            if !known {
                let hint = match did_you_mean(&field.name, allowed.iter().copied()) {
                    Some(s) => format!(
                        "did you mean `{s}`? {name} fields are: {}",
                        allowed.join(", ")
                    ),
                    None => format!("{name} fields are: {}", allowed.join(", ")),
                };
                self.report(
                    Code::UnknownField,
                    field.name_span,
                    format!("`{}` is not a field of {name}", field.name),
                    hint,
                );
            } else if twice {
                self.report(
                    Code::DuplicateField,
                    field.name_span,
                    format!("`{}` is written twice in this {name}", field.name),
                    "keep one of them (the first is used)",
                );
            } else {
                seen.push(&field.name);
            }
            used.push(known && !twice);
        }
        let place = Place {
            span,
            fields: allowed
                .iter()
                .filter_map(|f| {
                    fields
                        .iter()
                        .zip(&used)
                        .find(|(field, used)| **used && field.name == *f)
                        .map(|(field, _)| (*f, field.value.span()))
                })
                .collect(),
        };
        let head = match written {
            Some((_, s)) => Span::new(s.start, s.end + 1),
            None => Span::new(span.start, span.start + 1),
        };
        // Named after its key in a map, or its `id`, when it has one.
        let label = entry.or_else(|| {
            fields.iter().find_map(|f| match &f.value {
                Value::Str { text, .. } if f.name == "id" => Some(text.clone()),
                _ => None,
            })
        });
        let label = match label {
            Some(id) => format!("{name} `{id}`"),
            None => format!("this {name}"),
        };
        Some(Struct {
            name,
            label,
            fields,
            used,
            head,
            place,
        })
    }
}

/// A struct being read: see [`Reader::structure`].
pub struct Struct<'v> {
    name: &'static str,
    /// "Node `stuck`" or "this Choice", for messages.
    label: String,
    fields: &'v [Field],
    used: Vec<bool>,
    /// `Name(`, where problems with the whole struct are shown.
    head: Span,
    place: Place,
}

impl<'v> Struct<'v> {
    fn get(&self, field: &str) -> Option<&'v Value> {
        self.fields
            .iter()
            .zip(&self.used)
            .find(|(f, used)| **used && f.name == field)
            .map(|(f, _)| &f.value)
    }

    /// A field that must be written: `None` (reported) when it is missing or unreadable.
    pub fn required<T: FromValue>(&self, r: &mut Reader<'_>, field: &str) -> Option<T> {
        match self.get(field) {
            Some(value) => r.read(value),
            None => {
                r.report(
                    Code::MissingField,
                    self.head,
                    format!("{} is missing its `{field}` field", self.label),
                    match T::choices() {
                        Some(choices) => format!(
                            "add `{field}: {}` inside the parentheses of {}(...); {field} is one of: {choices}",
                            T::example(),
                            self.name
                        ),
                        None => format!(
                            "add `{field}: {}` inside the parentheses of {}(...)",
                            T::example(),
                            self.name
                        ),
                    },
                );
                None
            }
        }
    }

    /// A field that must be written, with a placeholder (no place in the file) when it is
    /// missing or unreadable, so the rest of the struct is still checked.
    pub fn required_or_default<T: FromValue + Default>(
        &self,
        r: &mut Reader<'_>,
        field: &str,
    ) -> T {
        self.required(r, field).unwrap_or_default()
    }

    /// A field that may be left out: `None` when it is (or cannot be read, reported).
    pub fn optional<T: FromValue>(&self, r: &mut Reader<'_>, field: &str) -> Option<T> {
        let value = self.get(field)?;
        if let Value::Ident { name, .. } = value
            && name == "None"
        {
            return None;
        }
        r.read(some_inner(value))
    }

    /// A field that may be left out, with the type's default.
    pub fn or_default<T: FromValue + Default>(&self, r: &mut Reader<'_>, field: &str) -> T {
        self.optional(r, field).unwrap_or_default()
    }

    /// Where the struct and its fields were written.
    pub fn place(self) -> Place {
        self.place
    }
}

/// Looks through `Some(...)` to the value inside (implicit `Some` is always allowed).
fn some_inner(value: &Value) -> &Value {
    match value {
        Value::Tuple {
            name: Some((n, _)),
            items,
            ..
        } if n == "Some" && items.len() == 1 => &items[0],
        _ => value,
    }
}

/// A type read from the positioned tree.
pub trait FromValue: Sized {
    /// What a value of this type is called in messages: "text in double quotes".
    const EXPECTED: &'static str;

    /// Reads the value, reporting problems; `None` when it cannot be read at all.
    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self>;

    /// How to write a value of this type, for "add `field: ...`" hints.
    fn example() -> String;

    /// What stands in for a value that cannot be read, when something sensible can.
    fn placeholder() -> Option<Self> {
        None
    }

    /// The allowed words, for an enum.
    fn choices() -> Option<String> {
        None
    }

    /// How to fix a value of the wrong kind.
    fn hint() -> String {
        format!("write {}, e.g. {}", Self::EXPECTED, Self::example())
    }
}

impl FromValue for String {
    const EXPECTED: &'static str = "text in double quotes";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        match value {
            Value::Str { text, .. } => Some(text.clone()),
            _ => {
                r.wrong_type::<String>(value);
                None
            }
        }
    }

    fn example() -> String {
        "\"...\"".into()
    }

    fn hint() -> String {
        "put the value in double quotes, e.g. \"like this\"".into()
    }
}

fn integer<T: TryFrom<i128>>(value: &Value, r: &mut Reader<'_>, range: &str) -> Option<T> {
    let Value::Number { text, span } = value else {
        r.report(
            Code::WrongType,
            value.span(),
            format!("a number was expected here, not {}", value.kind()),
            "write a whole number without quotes, e.g. 20",
        );
        return None;
    };
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, digits.trim_start_matches('+').to_string()),
    };
    let parsed = if let Some(hex) = digits.strip_prefix("0x") {
        i128::from_str_radix(hex, 16)
    } else if let Some(bin) = digits.strip_prefix("0b") {
        i128::from_str_radix(bin, 2)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i128::from_str_radix(oct, 8)
    } else {
        digits.parse::<i128>()
    };
    match parsed {
        Ok(n) => {
            let n = if negative { -n } else { n };
            match T::try_from(n) {
                Ok(v) => Some(v),
                Err(_) => {
                    r.report(
                        Code::WrongType,
                        *span,
                        format!("the number {text} is out of range"),
                        format!("this is a whole number {range}"),
                    );
                    None
                }
            }
        }
        Err(_) if digits.chars().all(|c| c.is_ascii_digit()) => {
            r.report(
                Code::WrongType,
                *span,
                format!("the number {text} is out of range"),
                format!("this is a whole number {range}"),
            );
            None
        }
        Err(_) => {
            r.report(
                Code::WrongType,
                *span,
                format!("`{text}` is not a whole number"),
                "write a whole number without a decimal point, e.g. 20",
            );
            None
        }
    }
}

impl FromValue for u32 {
    const EXPECTED: &'static str = "a whole number";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        integer(value, r, "from 0 (no minus sign)")
    }

    fn example() -> String {
        "10".into()
    }

    fn placeholder() -> Option<Self> {
        Some(0)
    }
}

impl FromValue for i32 {
    const EXPECTED: &'static str = "a whole number";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        integer(value, r, "such as -3, 0 or 40")
    }

    fn example() -> String {
        "10".into()
    }

    fn placeholder() -> Option<Self> {
        Some(0)
    }
}

impl<T: FromValue> FromValue for Spanned<T> {
    const EXPECTED: &'static str = T::EXPECTED;

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        T::from_value(value, r).map(|v| Spanned::at(v, value.span()))
    }

    fn example() -> String {
        T::example()
    }

    fn choices() -> Option<String> {
        T::choices()
    }

    fn placeholder() -> Option<Self> {
        T::placeholder().map(Spanned::new)
    }

    fn hint() -> String {
        T::hint()
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    const EXPECTED: &'static str = "a list in square brackets";

    /// Items that cannot be read are reported and left out.
    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        match value {
            Value::List { items, .. } => Some(items.iter().filter_map(|v| r.read(v)).collect()),
            _ => {
                r.wrong_type::<Self>(value);
                None
            }
        }
    }

    fn example() -> String {
        format!("[{}]", T::example())
    }

    fn hint() -> String {
        "write a list like [\"first\", \"second\"]".into()
    }
}

impl<V: FromValue> FromValue for BTreeMap<Spanned<String>, V> {
    const EXPECTED: &'static str = "a map in curly brackets";

    /// An entry whose key cannot be read is left out; one whose value cannot be read keeps
    /// its key with the type's placeholder (a number: 0), so names are still known to later
    /// checks, or is left out when the type has none (a node that is not a `Node(...)`).
    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let Value::Map { entries, .. } = value else {
            r.wrong_type::<Self>(value);
            return None;
        };
        let mut map = BTreeMap::new();
        for (key, item) in entries {
            let Some(key) = r.read::<Spanned<String>>(key) else {
                continue;
            };
            r.entry = Some(key.to_string());
            let read = r.read::<V>(item);
            r.entry = None;
            let Some(item) = read.or_else(V::placeholder) else {
                continue;
            };
            if let Some((first, _)) = map.get_key_value(key.as_str()) {
                let first: &Spanned<String> = first;
                let line = r.line(first.span.start);
                r.report(
                    Code::DuplicateKey,
                    key.span,
                    format!("`{key}` is written twice in this map (first on line {line})"),
                    "keep one of them (the first is used); every key in a map must be different",
                );
                continue;
            }
            map.insert(key, item);
        }
        Some(map)
    }

    fn example() -> String {
        format!("{{ \"name\": {} }}", V::example())
    }

    fn hint() -> String {
        "write a map like { \"trust\": 10 }".into()
    }
}

/// Reads an enum written as a bare word, from its allowed names.
pub fn read_enum<T: Copy>(
    value: &Value,
    r: &mut Reader<'_>,
    allowed: &[(&'static str, T)],
) -> Option<T> {
    let names = || {
        allowed
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match value {
        Value::Ident { name, span } => {
            if let Some((_, v)) = allowed.iter().find(|(n, _)| n == name) {
                return Some(*v);
            }
            let hint = match did_you_mean(name, allowed.iter().map(|(n, _)| *n)) {
                Some(s) => format!("did you mean `{s}`? allowed: {}", names()),
                None => format!("allowed: {}", names()),
            };
            r.report(
                Code::UnknownVariant,
                *span,
                format!("`{name}` is not one of the allowed values"),
                hint,
            );
            None
        }
        Value::Str { text, span } if allowed.iter().any(|(n, _)| n == text) => {
            r.report(
                Code::WrongType,
                *span,
                format!("`{text}` is one of the allowed words, so it is written without quotes"),
                format!("write {text} without the quotes"),
            );
            allowed.iter().find(|(n, _)| n == text).map(|(_, v)| *v)
        }
        other => {
            r.report(
                Code::WrongType,
                other.span(),
                format!(
                    "one of the allowed words was expected here, not {}",
                    other.kind()
                ),
                format!("write one of: {}", names()),
            );
            None
        }
    }
}

/// Implements [`FromValue`] for an enum written as bare words.
macro_rules! enum_from_value {
    ($ty:ty, $expected:literal, [$($name:literal => $variant:expr),+ $(,)?]) => {
        impl $crate::format::de::FromValue for $ty {
            const EXPECTED: &'static str = $expected;

            fn from_value(
                value: &$crate::format::parse::Value,
                r: &mut $crate::format::de::Reader<'_>,
            ) -> Option<Self> {
                $crate::format::de::read_enum(value, r, &[$(($name, $variant)),+])
            }

            fn example() -> String {
                [$($name),+][0].to_string()
            }

            fn choices() -> Option<String> {
                Some([$($name),+].join(", "))
            }
        }
    };
}
pub(crate) use enum_from_value;
