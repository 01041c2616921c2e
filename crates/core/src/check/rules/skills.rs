//! Skills: every skill a choice is weighted on is in the framework.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::diagnostic::Code;

/// Checks every choice's skill ids.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let framework = &cx.framework.skills;
    let ids: Vec<&str> = framework.skills.iter().map(|s| s.id.as_str()).collect();
    let all = list(&ids);
    for choice in cx.scenario.nodes.values().flat_map(|n| &n.choices) {
        for skill in choice.skills.keys() {
            if framework.get(skill).is_none() {
                sink.error(
                    Code::UnknownSkill,
                    skill.span,
                    format!("`{skill}` is not a skill in the framework (assets/skills.ron)"),
                    suggestion(skill, ids.iter().copied(), "skills", &all),
                );
            }
        }
    }
}
