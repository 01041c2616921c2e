//! The skills framework, the pitfalls, the bibliography and the language guide: data a
//! trainer can edit (`assets/skills.ron`, `assets/pitfalls.ron`, `assets/sources.ron`,
//! `assets/language.ron`).
//!
//! Copies of the shipped files are built into the binary, so `rapport` works from any folder;
//! an `assets/` folder next to the scenarios (or in the working directory) overrides them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Diagnostic, Severity};

/// The two skill sets of effective probation practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    /// Engaging people in respectful, caring, collaborative relationships.
    Relationship,
    /// Facilitating change: modelling, reinforcement, problem solving, authority, brokerage.
    Structuring,
}

impl Group {
    /// Both groups, in display order.
    pub const ALL: [Group; 2] = [Group::Relationship, Group::Structuring];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Group::Relationship => "Relationship skills",
            Group::Structuring => "Structuring skills",
        }
    }
}

/// One practice skill choices are scored against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    /// The id used in scenarios' `skills:` maps.
    pub id: String,
    /// Which composite it counts towards.
    pub group: Group,
    /// Its name for people.
    pub name: String,
    /// One line on what it looks like in an appointment.
    pub description: String,
    /// Bibliography id.
    pub source: String,
}

/// The skills framework (by default, Core Correctional Practices).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillFramework {
    /// The framework's name.
    pub name: String,
    /// Its skills, in display order.
    pub skills: Vec<Skill>,
}

impl SkillFramework {
    /// A skill by id.
    pub fn get(&self, id: &str) -> Option<&Skill> {
        self.skills.iter().find(|s| s.id == id)
    }
}

/// A well-meant but flawed, or a poor, practice that trainers name in feedback (rescuing,
/// colluding, over-promising...). A choice that falls into one never counts as a good use
/// of the skills it undermines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pitfall {
    /// The id used in choices' `pitfalls:` lists.
    pub id: String,
    /// Its name for people.
    pub name: String,
    /// One line on what it looks like in an appointment.
    pub description: String,
    /// Why it matters, in a sentence or two.
    pub why: String,
    /// The skill ids it undermines.
    pub undermines: Vec<String>,
    /// Bibliography id.
    pub source: String,
    /// Where in the source to read.
    #[serde(default)]
    pub section: String,
}

/// The pitfalls.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PitfallList {
    /// The pitfalls, in display order.
    pub pitfalls: Vec<Pitfall>,
}

impl PitfallList {
    /// A pitfall by id.
    pub fn get(&self, id: &str) -> Option<&Pitfall> {
        self.pitfalls.iter().find(|p| p.id == id)
    }

    /// Whether any of `ids` undermines `skill`.
    pub fn undermine<'a>(&self, ids: impl IntoIterator<Item = &'a str>, skill: &str) -> bool {
        ids.into_iter()
            .filter_map(|id| self.get(id))
            .any(|p| p.undermines.iter().any(|s| s == skill))
    }
}

/// One work in the bibliography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The id used in `sources:` and `evidence:`.
    pub id: String,
    /// The full reference.
    pub reference: String,
    /// What it is good for and where to read.
    pub note: String,
    /// Where to find it, when public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The bibliography.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bibliography {
    /// Its works.
    pub sources: Vec<Source>,
}

impl Bibliography {
    /// A work by id.
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// A term to avoid in narration, practitioner lines and feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The word or phrase, matched as whole words, ignoring case.
    pub term: String,
    /// What to write instead.
    pub suggestion: String,
    /// Why.
    pub why: String,
}

/// The person-first language guide.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageGuide {
    /// Terms to flag.
    pub terms: Vec<Term>,
}

/// Everything a scenario is checked and scored against.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    /// The skills.
    pub skills: SkillFramework,
    /// The pitfalls.
    pub pitfalls: PitfallList,
    /// The bibliography.
    pub sources: Bibliography,
    /// The language guide.
    pub language: LanguageGuide,
    /// The folder the files came from; `None` for the built-in copies.
    pub origin: Option<PathBuf>,
}

const SKILLS_RON: &str = include_str!("../../../assets/skills.ron");
const PITFALLS_RON: &str = include_str!("../../../assets/pitfalls.ron");
const SOURCES_RON: &str = include_str!("../../../assets/sources.ron");
const LANGUAGE_RON: &str = include_str!("../../../assets/language.ron");

impl Framework {
    /// The copies built into the binary.
    pub fn builtin() -> Framework {
        // The shipped files are tested to parse (see tests below), so failure here is a
        // packaging bug; fall back to empty data rather than crash.
        let skills = crate::format::parse_ron(SKILLS_RON).unwrap_or_else(|_| SkillFramework {
            name: "(missing)".into(),
            skills: Vec::new(),
        });
        let sources = crate::format::parse_ron(SOURCES_RON).unwrap_or(Bibliography {
            sources: Vec::new(),
        });
        let language = crate::format::parse_ron(LANGUAGE_RON).unwrap_or_default();
        let pitfalls = crate::format::parse_ron(PITFALLS_RON).unwrap_or_default();
        Framework {
            skills,
            pitfalls,
            sources,
            language,
            origin: None,
        }
    }

    /// Loads the three files from `dir`, falling back to the built-in copy of any that is
    /// missing. Problems in a file that exists are returned as diagnostics (and the built-in
    /// copy is used for it), so a broken edit never stops the checker or the app.
    pub fn load_dir(dir: &Path) -> (Framework, Vec<Diagnostic>) {
        let mut framework = Framework::builtin();
        framework.origin = Some(dir.to_path_buf());
        let mut problems = Vec::new();
        load_one(dir, "skills.ron", &mut framework.skills, &mut problems);
        load_one(dir, "pitfalls.ron", &mut framework.pitfalls, &mut problems);
        load_one(dir, "sources.ron", &mut framework.sources, &mut problems);
        load_one(dir, "language.ron", &mut framework.language, &mut problems);
        framework.check_consistency(&mut problems);
        (framework, problems)
    }

    /// Finds the `assets/` folder that belongs with `path` (a scenario file or folder): the
    /// nearest ancestor with an `assets/skills.ron`, else the working directory's, else the
    /// built-in copies.
    pub fn discover(path: &Path) -> (Framework, Vec<Diagnostic>) {
        let start = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        for dir in start.ancestors() {
            let assets = dir.join("assets");
            if assets.join("skills.ron").is_file() {
                return Framework::load_dir(&assets);
            }
        }
        let cwd_assets = Path::new("assets");
        if cwd_assets.join("skills.ron").is_file() {
            return Framework::load_dir(cwd_assets);
        }
        (Framework::builtin(), Vec::new())
    }

    /// Cross-file checks: every skill's and pitfall's source is in the bibliography, every
    /// skill a pitfall undermines exists, ids are unique.
    fn check_consistency(&self, problems: &mut Vec<Diagnostic>) {
        let pitfalls_file = self
            .origin
            .as_ref()
            .map(|d| d.join("pitfalls.ron").display().to_string())
            .unwrap_or_else(|| "assets/pitfalls.ron".into());
        let mut say = |message: String, fix: &str| {
            problems.push(Diagnostic::unlocated(
                Severity::Error,
                Code::File,
                &pitfalls_file,
                message,
                fix,
            ));
        };
        for (i, pitfall) in self.pitfalls.pitfalls.iter().enumerate() {
            if self.sources.get(&pitfall.source).is_none() {
                say(
                    format!(
                        "pitfall `{}` cites source `{}`, which is not in sources.ron",
                        pitfall.id, pitfall.source
                    ),
                    "add the source to assets/sources.ron or correct the id",
                );
            }
            for skill in &pitfall.undermines {
                if self.skills.get(skill).is_none() {
                    say(
                        format!(
                            "pitfall `{}` undermines `{skill}`, which is not a skill in skills.ron",
                            pitfall.id
                        ),
                        "use a skill id from assets/skills.ron",
                    );
                }
            }
            if self.pitfalls.pitfalls[..i]
                .iter()
                .any(|p| p.id == pitfall.id)
            {
                say(
                    format!("pitfall id `{}` is listed twice", pitfall.id),
                    "give every pitfall its own id",
                );
            }
        }
        let origin = self
            .origin
            .as_ref()
            .map(|d| d.join("skills.ron").display().to_string())
            .unwrap_or_else(|| "assets/skills.ron".into());
        for (i, skill) in self.skills.skills.iter().enumerate() {
            if self.sources.get(&skill.source).is_none() {
                problems.push(Diagnostic::unlocated(
                    Severity::Error,
                    Code::File,
                    &origin,
                    format!(
                        "skill `{}` cites source `{}`, which is not in sources.ron",
                        skill.id, skill.source
                    ),
                    "add the source to assets/sources.ron or correct the id",
                ));
            }
            if self.skills.skills[..i].iter().any(|s| s.id == skill.id) {
                problems.push(Diagnostic::unlocated(
                    Severity::Error,
                    Code::File,
                    &origin,
                    format!("skill id `{}` is listed twice", skill.id),
                    "give every skill its own id",
                ));
            }
        }
    }
}

fn load_one<T: for<'de> Deserialize<'de>>(
    dir: &Path,
    name: &str,
    slot: &mut T,
    problems: &mut Vec<Diagnostic>,
) {
    let path = dir.join(name);
    let text = match crate::format::read_bounded(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            problems.push(Diagnostic::unlocated(
                Severity::Error,
                Code::File,
                &path.display().to_string(),
                format!("cannot read the file: {e}"),
                "check the file's permissions",
            ));
            return;
        }
    };
    let label = path.display().to_string();
    match crate::format::decode_text(&label, &text) {
        Ok(text) => match crate::format::parse_ron::<T>(&text) {
            Ok(value) => *slot = value,
            Err(error) => problems.push(crate::format::ron_error_diagnostic(&label, &text, &error)),
        },
        Err(d) => problems.push(*d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse_and_are_consistent() {
        let skills: Result<SkillFramework, _> = crate::format::parse_ron(SKILLS_RON);
        assert!(skills.is_ok(), "assets/skills.ron: {skills:?}");
        let sources: Result<Bibliography, _> = crate::format::parse_ron(SOURCES_RON);
        assert!(sources.is_ok(), "assets/sources.ron: {sources:?}");
        let language: Result<LanguageGuide, _> = crate::format::parse_ron(LANGUAGE_RON);
        assert!(language.is_ok(), "assets/language.ron: {language:?}");
        let pitfalls: Result<PitfallList, _> = crate::format::parse_ron(PITFALLS_RON);
        assert!(pitfalls.is_ok(), "assets/pitfalls.ron: {pitfalls:?}");

        let framework = Framework::builtin();
        assert_eq!(framework.skills.skills.len(), 14);
        let ids: Vec<&str> = framework
            .pitfalls
            .pitfalls
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "rescuing",
                "colluding",
                "over_promising",
                "lecturing",
                "threatening",
                "rushing",
                "labelling",
                "minimising"
            ]
        );
        for group in Group::ALL {
            assert!(framework.skills.skills.iter().any(|s| s.group == group));
        }
        for id in [
            "nahouli-2023",
            "hmip-2023-05",
            "revolving-doors-2022",
            "hmip-relational-practice",
            "probation-blog-2016",
        ] {
            assert!(framework.sources.get(id).is_some(), "missing source {id}");
        }
        let mut problems = Vec::new();
        framework.check_consistency(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
