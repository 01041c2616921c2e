//! Conditions: the small expression language of `requires` and `when`.
//!
//! `trust >= 45 && openness >= 25`, `!promised_call || trust > 60`, `(a || b) && trust < 30`.
//! A bare name is a flag; a name in a comparison is a dial. `&&` binds tighter than `||`,
//! and `!` tighter than both. Parsed once when a scenario loads; errors point into the text.

use std::fmt;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `true` or `false`.
    Literal(bool),
    /// A flag by name: true when set.
    Flag(Ident),
    /// `left op right`, each side a dial or a number.
    Compare(Operand, CompareOp, Operand),
    /// `!inner`.
    Not(Box<Condition>),
    /// `a && b && ...`.
    All(Vec<Condition>),
    /// `a || b || ...`.
    Any(Vec<Condition>),
}

/// A name in a condition, with its place in the expression (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name as written.
    pub name: String,
    /// Byte offset into the expression.
    pub offset: usize,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// A dial by name.
    Dial(Ident),
    /// A whole number.
    Number(i32),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl CompareOp {
    /// Applies the operator.
    pub fn apply(self, a: i32, b: i32) -> bool {
        match self {
            CompareOp::Lt => a < b,
            CompareOp::Le => a <= b,
            CompareOp::Gt => a > b,
            CompareOp::Ge => a >= b,
            CompareOp::Eq => a == b,
            CompareOp::Ne => a != b,
        }
    }

    /// The operator that holds exactly when this one does not (`>=` for `<`).
    pub fn negated(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Ge,
            CompareOp::Le => CompareOp::Gt,
            CompareOp::Gt => CompareOp::Le,
            CompareOp::Ge => CompareOp::Lt,
            CompareOp::Eq => CompareOp::Ne,
            CompareOp::Ne => CompareOp::Eq,
        }
    }

    /// The operator with its sides swapped (`>` for `<`: `45 < trust` is `trust > 45`).
    pub fn flipped(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
            CompareOp::Eq | CompareOp::Ne => self,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
        }
    }
}

/// Where a condition's names are looked up when it is evaluated.
pub trait Env {
    /// A dial's current value; `None` for an unknown dial (treated as 0).
    fn dial(&self, name: &str) -> Option<i32>;
    /// Whether a flag is set.
    fn flag(&self, name: &str) -> bool;
}

/// A condition that does not parse, with the place in the expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// What is wrong.
    pub message: String,
    /// Byte offset into the expression where the problem starts.
    pub offset: usize,
    /// Length in bytes of the offending text (at least 1 unless the expression is empty).
    pub len: usize,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for ConditionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for ConditionError {}

/// Deepest nesting of parentheses and `!` accepted, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 64;

impl Condition {
    /// Parses a condition.
    pub fn parse(text: &str) -> Result<Condition, ConditionError> {
        let tokens = tokenize(text)?;
        if tokens.is_empty() {
            return Err(ConditionError {
                message: "the condition is empty".into(),
                offset: 0,
                len: 0,
                hint:
                    "write a condition such as `trust >= 40` or `offered_help`, or remove the field"
                        .into(),
            });
        }
        let mut parser = Parser {
            tokens,
            pos: 0,
            text_len: text.len(),
            depth: 0,
        };
        let condition = parser.or()?;
        if let Some(token) = parser.peek() {
            return Err(ConditionError {
                message: format!("unexpected `{}` after a complete condition", token.text),
                offset: token.offset,
                len: token.text.len(),
                hint: "join conditions with `&&` (and) or `||` (or)".into(),
            });
        }
        Ok(condition)
    }

    /// Evaluates the condition.
    pub fn eval(&self, env: &impl Env) -> bool {
        match self {
            Condition::Literal(b) => *b,
            Condition::Flag(ident) => env.flag(&ident.name),
            Condition::Compare(a, op, b) => op.apply(operand(a, env), operand(b, env)),
            Condition::Not(inner) => !inner.eval(env),
            Condition::All(items) => items.iter().all(|c| c.eval(env)),
            Condition::Any(items) => items.iter().any(|c| c.eval(env)),
        }
    }

    /// Every flag name used, in order of appearance.
    pub fn flags(&self) -> Vec<&Ident> {
        let mut out = Vec::new();
        self.walk(&mut |c| {
            if let Condition::Flag(ident) = c {
                out.push(ident);
            }
        });
        out
    }

    /// Every dial name used, in order of appearance.
    pub fn dials(&self) -> Vec<&Ident> {
        let mut out = Vec::new();
        self.walk(&mut |c| {
            if let Condition::Compare(a, _, b) = c {
                for side in [a, b] {
                    if let Operand::Dial(ident) = side {
                        out.push(ident);
                    }
                }
            }
        });
        out
    }

    /// The condition with the flags that `known` gives replaced by their values and
    /// simplified: `Literal(false)` means it cannot hold whatever the dials are, and the
    /// comparisons left are the only ones that can still decide it.
    pub fn assume_flags(&self, known: &impl Fn(&str) -> Option<bool>) -> Condition {
        match self {
            Condition::Flag(ident) => match known(&ident.name) {
                Some(value) => Condition::Literal(value),
                None => self.clone(),
            },
            Condition::Literal(_) | Condition::Compare(..) => self.clone(),
            Condition::Not(inner) => match inner.assume_flags(known) {
                Condition::Literal(value) => Condition::Literal(!value),
                other => Condition::Not(Box::new(other)),
            },
            Condition::All(items) | Condition::Any(items) => {
                // `&&` is decided by a false part, `||` by a true one; the other literal
                // changes nothing and is dropped.
                let deciding = matches!(self, Condition::Any(_));
                let mut kept = Vec::new();
                for item in items {
                    match item.assume_flags(known) {
                        Condition::Literal(value) if value == deciding => {
                            return Condition::Literal(deciding);
                        }
                        Condition::Literal(_) => {}
                        other => kept.push(other),
                    }
                }
                match kept.len() {
                    0 => Condition::Literal(!deciding),
                    1 => kept.pop().unwrap_or(Condition::Literal(!deciding)),
                    _ if deciding => Condition::Any(kept),
                    _ => Condition::All(kept),
                }
            }
        }
    }

    /// The condition in plain English, for people who do not read conditions: "trust is at
    /// least 45 and explained limits", "not promised secret", "either a or b". Flags are
    /// named by their words (`explained_limits` reads "explained limits"); see
    /// [`Condition::in_words_with`] to describe them otherwise.
    pub fn in_words(&self) -> String {
        self.in_words_with(&|flag: &str| flag.replace(['_', '-'], " "))
    }

    /// The condition in plain English, with `flag` giving the words for a flag that is set.
    pub fn in_words_with(&self, flag: &dyn Fn(&str) -> String) -> String {
        match self {
            Condition::Literal(true) => "always".into(),
            Condition::Literal(false) => "never".into(),
            Condition::Flag(ident) => flag(&ident.name),
            Condition::Compare(a, op, b) => compare_in_words(a, *op, b),
            Condition::Not(inner) => match inner.as_ref() {
                Condition::Flag(ident) => format!("not {}", flag(&ident.name)),
                Condition::Compare(a, op, b) => compare_in_words(a, op.negated(), b),
                Condition::Literal(value) => Condition::Literal(!value).in_words_with(flag),
                Condition::Not(twice) => twice.in_words_with(flag),
                compound => format!("not ({})", compound.in_words_with(flag)),
            },
            Condition::All(items) => join_words(items, "and", flag),
            Condition::Any(items) => join_words(items, "or", flag),
        }
    }

    fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Condition)) {
        visit(self);
        match self {
            Condition::Not(inner) => inner.walk(visit),
            Condition::All(items) | Condition::Any(items) => {
                for item in items {
                    item.walk(visit);
                }
            }
            _ => {}
        }
    }
}

/// `trust is at least 45`; a number on the left is turned round (`45 <= trust` reads
/// "trust is at least 45").
fn compare_in_words(a: &Operand, op: CompareOp, b: &Operand) -> String {
    let (left, op, right) = match (a, b) {
        (Operand::Number(_), Operand::Dial(_)) => (b, op.flipped(), a),
        _ => (a, op, b),
    };
    let side = |o: &Operand| match o {
        Operand::Dial(i) => i.name.replace(['_', '-'], " "),
        Operand::Number(n) => n.to_string(),
    };
    let relation = match op {
        CompareOp::Lt => "is below",
        CompareOp::Le => "is at most",
        CompareOp::Gt => "is above",
        CompareOp::Ge => "is at least",
        CompareOp::Eq => "is exactly",
        CompareOp::Ne => "is not",
    };
    format!("{} {relation} {}", side(left), side(right))
}

/// Parts joined by "and" or "or" ("a, b and c"); a part that is itself a list of the other
/// kind is put in brackets so the reading is never ambiguous.
fn join_words(items: &[Condition], word: &str, flag: &dyn Fn(&str) -> String) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            Condition::All(_) | Condition::Any(_) => format!("({})", item.in_words_with(flag)),
            _ => item.in_words_with(flag),
        })
        .collect();
    match parts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {word} {last}", rest.join(", ")),
    }
}

fn operand(op: &Operand, env: &impl Env) -> i32 {
    match op {
        Operand::Dial(ident) => env.dial(&ident.name).unwrap_or(0),
        Operand::Number(n) => *n,
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Literal(b) => write!(f, "{b}"),
            Condition::Flag(ident) => write!(f, "{}", ident.name),
            Condition::Compare(a, op, b) => {
                let side = |o: &Operand| match o {
                    Operand::Dial(i) => i.name.clone(),
                    Operand::Number(n) => n.to_string(),
                };
                write!(f, "{} {} {}", side(a), op.symbol(), side(b))
            }
            Condition::Not(inner) => match inner.as_ref() {
                Condition::All(_) | Condition::Any(_) | Condition::Compare(..) => {
                    write!(f, "!({inner})")
                }
                _ => write!(f, "!{inner}"),
            },
            Condition::All(items) => join(f, items, " && ", true),
            Condition::Any(items) => join(f, items, " || ", false),
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, items: &[Condition], sep: &str, wrap_any: bool) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if wrap_any && matches!(item, Condition::Any(_)) {
            write!(f, "({item})")?;
        } else {
            write!(f, "{item}")?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    Ident,
    Number(i32),
    Op(CompareOp),
    And,
    Or,
    Not,
    Open,
    Close,
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokenKind,
    text: String,
    offset: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let two = |kind: TokenKind, s: &str| Token {
            kind,
            text: s.to_string(),
            offset,
        };
        let (token, width) = match (c, next) {
            ('&', Some('&')) => (two(TokenKind::And, "&&"), 2),
            ('|', Some('|')) => (two(TokenKind::Or, "||"), 2),
            ('<', Some('=')) => (two(TokenKind::Op(CompareOp::Le), "<="), 2),
            ('>', Some('=')) => (two(TokenKind::Op(CompareOp::Ge), ">="), 2),
            ('=', Some('=')) => (two(TokenKind::Op(CompareOp::Eq), "=="), 2),
            ('!', Some('=')) => (two(TokenKind::Op(CompareOp::Ne), "!="), 2),
            ('<', _) => (two(TokenKind::Op(CompareOp::Lt), "<"), 1),
            ('>', _) => (two(TokenKind::Op(CompareOp::Gt), ">"), 1),
            ('!', _) => (two(TokenKind::Not, "!"), 1),
            ('(', _) => (two(TokenKind::Open, "("), 1),
            (')', _) => (two(TokenKind::Close, ")"), 1),
            ('&', _) | ('|', _) => {
                return Err(ConditionError {
                    message: format!("a single `{c}` is not an operator"),
                    offset,
                    len: 1,
                    hint: format!("write `{c}{c}`"),
                });
            }
            ('=', _) => {
                return Err(ConditionError {
                    message: "a single `=` is not a comparison".into(),
                    offset,
                    len: 1,
                    hint: "write `==` to test equality, or `>=` / `<=`".into(),
                });
            }
            (c, _)
                if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) =>
            {
                let mut j = i + 1;
                while j < chars.len() && chars[j].1.is_ascii_digit() {
                    j += 1;
                }
                let end = chars.get(j).map_or(text.len(), |&(o, _)| o);
                let literal = &text[offset..end];
                let value = literal.parse::<i32>().map_err(|_| ConditionError {
                    message: format!("`{literal}` is too large a number"),
                    offset,
                    len: literal.len(),
                    hint: "dials run from 0 to 100".into(),
                })?;
                tokens.push(Token {
                    kind: TokenKind::Number(value),
                    text: literal.to_string(),
                    offset,
                });
                i = j;
                continue;
            }
            (c, _) if c.is_alphabetic() || c == '_' => {
                let mut j = i + 1;
                while j < chars.len()
                    && (chars[j].1.is_alphanumeric() || matches!(chars[j].1, '_' | '-'))
                {
                    j += 1;
                }
                let end = chars.get(j).map_or(text.len(), |&(o, _)| o);
                let word = &text[offset..end];
                let kind = match word {
                    "and" | "AND" | "or" | "OR" | "not" | "NOT" => {
                        let symbol = match word.to_ascii_lowercase().as_str() {
                            "and" => "&&",
                            "or" => "||",
                            _ => "!",
                        };
                        return Err(ConditionError {
                            message: format!("`{word}` is not an operator here"),
                            offset,
                            len: word.len(),
                            hint: format!("write `{symbol}` instead of `{word}`"),
                        });
                    }
                    _ => TokenKind::Ident,
                };
                tokens.push(Token {
                    kind,
                    text: word.to_string(),
                    offset,
                });
                i = j;
                continue;
            }
            (c, _) => {
                return Err(ConditionError {
                    message: format!("unexpected character `{c}`"),
                    offset,
                    len: c.len_utf8(),
                    hint: "conditions use dial and flag names, numbers, `< <= > >= == !=`, `&&`, `||`, `!` and parentheses".into(),
                });
            }
        };
        tokens.push(token);
        i += width;
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    text_len: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn end_error(&self, what: &str) -> ConditionError {
        ConditionError {
            message: format!("the condition ends where {what} was expected"),
            offset: self.text_len.saturating_sub(1),
            len: 1,
            hint: "finish the condition, for example `trust >= 40`".into(),
        }
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut items = vec![self.and()?];
        while self.peek().is_some_and(|t| t.kind == TokenKind::Or) {
            self.bump();
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::Any(items)
        })
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut items = vec![self.unary()?];
        while self.peek().is_some_and(|t| t.kind == TokenKind::And) {
            self.bump();
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Condition::All(items)
        })
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let offset = self.peek().map_or(0, |t| t.offset);
            return Err(ConditionError {
                message: "the condition is nested too deeply".into(),
                offset,
                len: 1,
                hint: "simplify it: fewer parentheses and `!`".into(),
            });
        }
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Condition, ConditionError> {
        let Some(token) = self.bump() else {
            return Err(self.end_error("a flag, a dial comparison or `(`"));
        };
        match token.kind {
            TokenKind::Not => Ok(Condition::Not(Box::new(self.unary()?))),
            TokenKind::Open => {
                let inner = self.or()?;
                match self.bump() {
                    Some(t) if t.kind == TokenKind::Close => Ok(inner),
                    Some(t) => Err(ConditionError {
                        message: format!("expected `)` but found `{}`", t.text),
                        offset: t.offset,
                        len: t.text.len(),
                        hint: "close the parenthesis opened earlier".into(),
                    }),
                    None => Err(ConditionError {
                        message: "this `(` is never closed".into(),
                        offset: token.offset,
                        len: 1,
                        hint: "add `)` at the end of the group".into(),
                    }),
                }
            }
            TokenKind::Ident | TokenKind::Number(_) => {
                let left = self.operand(&token);
                if let Some(TokenKind::Op(op)) = self.peek().map(|t| t.kind.clone()) {
                    self.bump();
                    let Some(right_token) = self.bump() else {
                        return Err(self.end_error("a dial name or a number"));
                    };
                    if !matches!(right_token.kind, TokenKind::Ident | TokenKind::Number(_)) {
                        return Err(ConditionError {
                            message: format!(
                                "expected a dial name or a number after `{}`, found `{}`",
                                op.symbol(),
                                right_token.text
                            ),
                            offset: right_token.offset,
                            len: right_token.text.len(),
                            hint: "compare a dial with a number, for example `trust >= 40`".into(),
                        });
                    }
                    let right = self.operand(&right_token);
                    return Ok(Condition::Compare(left, op, right));
                }
                match token.kind {
                    TokenKind::Number(_) => Err(ConditionError {
                        message: format!(
                            "the number `{}` is not compared with anything",
                            token.text
                        ),
                        offset: token.offset,
                        len: token.text.len(),
                        hint: "compare a dial with it, for example `trust >= 40`".into(),
                    }),
                    _ => Ok(match token.text.as_str() {
                        "true" => Condition::Literal(true),
                        "false" => Condition::Literal(false),
                        _ => Condition::Flag(Ident {
                            name: token.text,
                            offset: token.offset,
                        }),
                    }),
                }
            }
            _ => Err(ConditionError {
                message: format!("unexpected `{}`", token.text),
                offset: token.offset,
                len: token.text.len(),
                hint: "a condition starts with a flag, a dial comparison, `!` or `(`".into(),
            }),
        }
    }

    fn operand(&self, token: &Token) -> Operand {
        match token.kind {
            TokenKind::Number(n) => Operand::Number(n),
            _ => Operand::Dial(Ident {
                name: token.text.clone(),
                offset: token.offset,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    #[test]
    fn assuming_flags_simplifies() {
        let text = "warned && (trust >= 55 || heard) && !threat";
        let c = Condition::parse(text).unwrap_or_else(|e| unreachable!("{text}: {e}"));
        let known = |set: &'static [&'static str]| move |name: &str| Some(set.contains(&name));
        // A false part decides `&&`.
        assert_eq!(c.assume_flags(&known(&[])), Condition::Literal(false));
        // `heard` decides the `||`, so no dial is read.
        assert_eq!(
            c.assume_flags(&known(&["warned", "heard"])),
            Condition::Literal(true)
        );
        // Only the comparison is left to decide it.
        let left = c.assume_flags(&known(&["warned"]));
        assert!(matches!(left, Condition::Compare(..)), "{left:?}");
        assert_eq!(left.dials().len(), 1);
        // Unknown flags stay.
        let partly = c.assume_flags(&|name: &str| (name == "warned").then_some(true));
        assert_eq!(partly.flags().len(), 2);
    }

    struct TestEnv {
        dials: BTreeMap<&'static str, i32>,
        flags: BTreeSet<&'static str>,
    }

    impl Env for TestEnv {
        fn dial(&self, name: &str) -> Option<i32> {
            self.dials.get(name).copied()
        }
        fn flag(&self, name: &str) -> bool {
            self.flags.contains(name)
        }
    }

    fn env() -> TestEnv {
        TestEnv {
            dials: [("trust", 50), ("openness", 20)].into(),
            flags: ["promised_call"].into(),
        }
    }

    fn holds(text: &str) -> bool {
        Condition::parse(text)
            .map(|c| c.eval(&env()))
            .unwrap_or_else(|e| unreachable!("`{text}` should parse: {e}"))
    }

    #[test]
    fn comparisons_and_logic() {
        assert!(holds("trust >= 45 && openness >= 20"));
        assert!(!holds("trust >= 45 && openness >= 25"));
        assert!(holds("trust > 60 || promised_call"));
        assert!(!holds("!promised_call"));
        assert!(holds("!promised_call || trust > 40"));
        assert!(holds("(trust < 10 || openness == 20) && !unknown_flag"));
        assert!(holds("trust != openness"));
        assert!(holds("trust <= 50 && 50 >= trust"));
        assert!(holds("true") && !holds("false"));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // false && x || true  ==  (false && x) || true
        assert!(holds("trust > 90 && promised_call || openness == 20"));
        // true || x && false  ==  true || (x && false)
        assert!(holds("promised_call || trust > 90 && openness > 90"));
    }

    #[test]
    fn lists_names_with_offsets() {
        let c = Condition::parse("trust >= 45 && !met_before").unwrap_or(Condition::Literal(false));
        assert_eq!(c.dials()[0].name, "trust");
        assert_eq!(c.flags()[0].name, "met_before");
        assert_eq!(c.flags()[0].offset, 16);
    }

    #[test]
    fn errors_point_into_the_expression() {
        let e = Condition::parse("trust >= && open").err();
        assert_eq!(e.as_ref().map(|e| e.offset), Some(9));
        let e = Condition::parse("trust = 4").err();
        assert_eq!(e.as_ref().map(|e| e.offset), Some(6));
        assert!(e.is_some_and(|e| e.hint.contains("==")));
        let e = Condition::parse("(trust > 4").err();
        assert_eq!(e.map(|e| e.offset), Some(0));
        let e = Condition::parse("trust > 4 and open").err();
        assert!(e.is_some_and(|e| e.offset == 10 && e.hint.contains("&&")));
        let e = Condition::parse("trust > 4 open").err();
        assert_eq!(e.map(|e| e.offset), Some(10));
        assert!(Condition::parse("   ").is_err());
        assert!(Condition::parse("trust >").is_err());
        assert!(Condition::parse("99999999999 > trust").is_err());
        assert!(Condition::parse("trust ≥ 4").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(Condition::parse(&deep).is_err());
        let nots = format!("{}a", "!".repeat(10_000));
        assert!(Condition::parse(&nots).is_err());
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "trust >= 45 && openness >= 25",
            "!a || b && c > 3",
            "(a || b) && !c",
            "!(trust > 3)",
        ] {
            let c = Condition::parse(text).unwrap_or(Condition::Literal(false));
            let again = Condition::parse(&c.to_string()).unwrap_or(Condition::Literal(true));
            assert_eq!(c.to_string(), again.to_string(), "{text}");
            assert_eq!(c.to_string(), text);
        }
    }

    #[test]
    fn conditions_in_plain_words() {
        let words =
            |text: &str| Condition::parse(text).map_or_else(|e| e.to_string(), |c| c.in_words());
        assert_eq!(words("trust >= 45"), "trust is at least 45");
        assert_eq!(
            words("trust >= 45 && explained_limits"),
            "trust is at least 45 and explained limits"
        );
        assert_eq!(words("!promised_secret"), "not promised secret");
        assert_eq!(words("!(trust > 60)"), "trust is at most 60");
        assert_eq!(words("30 > fear"), "fear is below 30");
        assert_eq!(words("a || b || c"), "a, b or c");
        assert_eq!(
            words("(a || b) && fear != 10"),
            "(a or b) and fear is not 10"
        );
        assert_eq!(words("!(a && b)"), "not (a and b)");
        assert_eq!(words("true"), "always");
        let custom = Condition::parse("explained_limits")
            .map(|c| c.in_words_with(&|_| "the limits of confidentiality were explained".into()));
        assert_eq!(
            custom.ok().as_deref(),
            Some("the limits of confidentiality were explained")
        );
    }
}
