//! Scoring: how the trainee's choices are rated against the practice skills.
//!
//! Every choice in a scenario carries weights for some skills, from -3 to 3: a positive
//! weight is skilled use of that skill, a negative weight is its opposite (for example
//! lecturing instead of listening), and a skill not listed counts as 0. Scoring never
//! compares a trainee with an ideal script: it compares what they chose with what was
//! possible at the decisions they actually faced.
//!
//! **Decisions.** Each choice the trainee makes is one decision. If the conversation loops
//! back and they face the same moment again, that is a new decision, scored again.
//!
//! **Pitfalls.** A choice may name the pitfalls it falls into (`assets/pitfalls.ron`:
//! rescuing, colluding, over-promising...). Such a choice never counts as a good use of a
//! skill its pitfalls undermine, whatever its weights: its *effective weight* for that skill
//! is at most 0. Every other weight counts as written. Everything below uses effective
//! weights.
//!
//! **Per skill** (the rating follows the style of the EPICS practice-rating form):
//! - an *opportunity* is a decision where at least one of the choices on offer used the skill
//!   (effective weight above 0); the best weight on offer is what was *possible* there, and
//!   an opportunity where 2 or more was possible is a *decisive moment*;
//! - the skill was *used* at a decision when the choice made has an effective weight above 0
//!   for it; what was *achieved* there is that weight (up to what was possible);
//! - a *counter-use* is a decision where the choice made has a negative weight for the skill
//!   although another choice on offer did not (so it was avoidable);
//! - a *pitfall* is a decision where the choice made fell into a pitfall that undermines the
//!   skill although another option on offer did not;
//! - *points* are the sum of the effective weights of the choices made.
//!
//! The rating judges how well, not how often:
//! - **Not applicable**: no opportunity, no avoidable counter-use and no pitfall;
//! - **Missed opportunity**: it had opportunities and was never used;
//! - **Satisfactory**: used, never undermined by a pitfall, counter-used fewer times than
//!   used, and either at least half of what was possible was achieved (weighted, so a
//!   decisive moment counts more than a routine one) or the skill was used well (2 or more)
//!   at every decisive moment;
//! - **Needs improvement**: anything else: used, but a pitfall undermined it, too little of
//!   what was possible was achieved, or it was counter-used as often as used; or, with no
//!   opportunity, worked against or undermined by a pitfall.
//!
//! **The two composite scores** (relationship and structuring, 0 to 100, one for each group
//! of skills in `assets/skills.ron`). Every option gets a value for the group: the sum of its
//! effective weights for the group's skills. At each decision, the best and the worst values on offer
//! are noted. The score is how far the trainee's choices went from the worst possible towards
//! the best possible, added up over the decisions where the options differed for that group:
//!
//! `100 × (sum of chosen − sum of worst) ÷ (sum of best − sum of worst)`
//!
//! So 100 means the best option for that group was chosen every time it mattered, 0 the
//! worst every time. Decisions where every option had the same value for the group do not
//! count; if there were none, the score is "not scored" rather than a number. Scores are
//! shown to one decimal place.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::framework::{Framework, Group};
use crate::model::{Choice, Scenario};
use crate::runtime::Step;

/// A skill's rating, in the style of the EPICS practice-rating form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    /// Used well where it mattered, never undermined by a pitfall.
    Satisfactory,
    /// Undermined by a pitfall, used too little of what was possible, or worked against.
    NeedsImprovement,
    /// Had opportunities and was never used.
    MissedOpportunity,
    /// No opportunity, no avoidable counter-use and no pitfall.
    NotApplicable,
}

impl Rating {
    /// All ratings, best first.
    pub const ALL: [Rating; 4] = [
        Rating::Satisfactory,
        Rating::NeedsImprovement,
        Rating::MissedOpportunity,
        Rating::NotApplicable,
    ];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Satisfactory => "Satisfactory",
            Rating::NeedsImprovement => "Needs improvement",
            Rating::MissedOpportunity => "Missed opportunity",
            Rating::NotApplicable => "Not applicable",
        }
    }

    /// The name used in RON and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rating::Satisfactory => "Satisfactory",
            Rating::NeedsImprovement => "NeedsImprovement",
            Rating::MissedOpportunity => "MissedOpportunity",
            Rating::NotApplicable => "NotApplicable",
        }
    }

    /// Applies the rating rule to a skill's counts.
    pub fn of(skill: &SkillScore) -> Rating {
        let harmed = skill.counter > 0 || skill.pitfalls > 0;
        if skill.opportunities == 0 && !harmed {
            Rating::NotApplicable
        } else if skill.opportunities > 0 && skill.used == 0 {
            Rating::MissedOpportunity
        } else if skill.used > 0
            && skill.pitfalls == 0
            && skill.counter < skill.used
            && (skill.achieved * 2 >= skill.possible
                || (skill.decisive > 0 && skill.decisive_used == skill.decisive))
        {
            Rating::Satisfactory
        } else {
            Rating::NeedsImprovement
        }
    }
}

/// How one skill went over a playthrough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillScore {
    /// Skill id.
    pub skill: String,
    /// The skill's name for people (from the framework).
    #[serde(default)]
    pub name: String,
    /// Its group.
    pub group: Group,
    /// Decisions where some choice on offer used it.
    pub opportunities: u32,
    /// Decisions where the choice made used it.
    pub used: u32,
    /// Decisions where the choice made worked against it although another option did not.
    pub counter: u32,
    /// Decisions where the choice made fell into a pitfall that undermines it, although
    /// another option did not.
    #[serde(default)]
    pub pitfalls: u32,
    /// Sum over its opportunities of the best effective weight on offer.
    #[serde(default)]
    pub possible: i32,
    /// Sum over its opportunities of the chosen effective weight (0 to what was possible).
    #[serde(default)]
    pub achieved: i32,
    /// Opportunities where 2 or more was possible.
    #[serde(default)]
    pub decisive: u32,
    /// Decisive moments where the choice made used it well (2 or more).
    #[serde(default)]
    pub decisive_used: u32,
    /// Sum of the effective weights of the choices made.
    pub points: i32,
    /// The rating.
    pub rating: Rating,
}

/// The scores of a playthrough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Relationship composite, 0..=100; `None` if no decision's options differed for it.
    pub relationship: Option<f64>,
    /// Structuring composite, 0..=100; `None` if no decision's options differed for it.
    pub structuring: Option<f64>,
    /// Every skill of the framework, in framework order.
    pub skills: Vec<SkillScore>,
}

impl Scores {
    /// The composite of a group.
    pub fn composite(&self, group: Group) -> Option<f64> {
        match group {
            Group::Relationship => self.relationship,
            Group::Structuring => self.structuring,
        }
    }

    /// Skill id to rating.
    pub fn ratings(&self) -> BTreeMap<String, Rating> {
        self.skills
            .iter()
            .map(|s| (s.skill.clone(), s.rating))
            .collect()
    }

    /// A skill's score by id.
    pub fn skill(&self, id: &str) -> Option<&SkillScore> {
        self.skills.iter().find(|s| s.skill == id)
    }
}

/// A choice's weight for a skill as written (0 when it does not list the skill).
pub fn weight(choice: &Choice, skill: &str) -> i32 {
    choice.skills.get(skill).map_or(0, |w| w.value)
}

/// Whether a choice falls into a pitfall that undermines a skill.
pub fn undermines(choice: &Choice, skill: &str, framework: &Framework) -> bool {
    !choice.pitfalls.is_empty()
        && framework
            .pitfalls
            .undermine(choice.pitfalls.iter().map(|p| p.as_str()), skill)
}

/// A choice's weight for a skill as scoring counts it: at most 0 when one of its pitfalls
/// undermines the skill (it never counts as a good use of it), otherwise as written.
pub fn effective_weight(choice: &Choice, skill: &str, framework: &Framework) -> i32 {
    let w = weight(choice, skill);
    if w > 0 && undermines(choice, skill, framework) {
        0
    } else {
        w
    }
}

/// A choice's total effective weight over all skills: how helpful (positive) or harmful
/// (negative).
pub fn total_weight(choice: &Choice, framework: &Framework) -> i32 {
    choice
        .skills
        .keys()
        .map(|skill| effective_weight(choice, skill, framework))
        .sum()
}

/// A choice's value for a group: the sum of its effective weights for the group's skills.
pub fn group_value(choice: &Choice, group: Group, framework: &Framework) -> i32 {
    choice
        .skills
        .keys()
        .filter(|id| framework.skills.get(id).is_some_and(|s| s.group == group))
        .map(|id| effective_weight(choice, id, framework))
        .sum()
}

/// The running sums behind one group's composite; analysers carry one along each route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Tally {
    /// Sum of the chosen options' values.
    pub chosen: i64,
    /// Sum of the best values on offer.
    pub best: i64,
    /// Sum of the worst values on offer.
    pub worst: i64,
    /// Decisions counted (where best and worst differed).
    pub decisions: u32,
}

impl Tally {
    /// Adds one decision, given the values of the options on offer and of the one chosen.
    /// Decisions where every option has the same value are not counted.
    pub fn add(&mut self, offered: impl IntoIterator<Item = i32>, chosen: i32) {
        let mut best = i32::MIN;
        let mut worst = i32::MAX;
        for v in offered {
            best = best.max(v);
            worst = worst.min(v);
        }
        if best == i32::MIN || best == worst {
            return;
        }
        self.chosen += i64::from(chosen);
        self.best += i64::from(best);
        self.worst += i64::from(worst);
        self.decisions += 1;
    }

    /// Adds one decision of a group.
    pub fn add_decision(
        &mut self,
        offered: &[&Choice],
        chosen: &Choice,
        group: Group,
        framework: &Framework,
    ) {
        self.add(
            offered.iter().map(|c| group_value(c, group, framework)),
            group_value(chosen, group, framework),
        );
    }

    /// The composite, 0..=100, or `None` when no decision counted.
    pub fn value(&self) -> Option<f64> {
        let range = self.best - self.worst;
        if self.decisions == 0 || range <= 0 {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        let score = 100.0 * (self.chosen - self.worst) as f64 / range as f64;
        Some(score)
    }
}

/// The weight at which a use of a skill is strong, and an opportunity for it decisive.
pub const DECISIVE: i32 = 2;

/// The choices of one step: those on offer and the one made, looked up in the scenario.
/// `None` when the step no longer matches the scenario.
pub fn step_choices<'a>(
    scenario: &'a Scenario,
    step: &Step,
) -> Option<(Vec<&'a Choice>, &'a Choice)> {
    let node = scenario.nodes.get(&step.node)?;
    let find = |id: &str| node.choices.iter().find(|c| c.id == id);
    let offered: Vec<&Choice> = step.offered.iter().filter_map(|id| find(id)).collect();
    let chosen = find(&step.choice)?;
    Some((offered, chosen))
}

/// The composite of one group over a trajectory, with its tally.
pub fn composite(
    scenario: &Scenario,
    trajectory: &[Step],
    framework: &Framework,
    group: Group,
) -> (Option<f64>, Tally) {
    let mut tally = Tally::default();
    for step in trajectory {
        if let Some((offered, chosen)) = step_choices(scenario, step) {
            tally.add_decision(&offered, chosen, group, framework);
        }
    }
    (tally.value(), tally)
}

/// Rounds a score to one decimal place, for output.
pub fn round1(score: f64) -> f64 {
    (score * 10.0).round() / 10.0
}

/// Scores a trajectory: every skill of the framework rated, and both composites.
pub fn score(scenario: &Scenario, trajectory: &[Step], framework: &Framework) -> Scores {
    let mut skills: Vec<SkillScore> = framework
        .skills
        .skills
        .iter()
        .map(|s| SkillScore {
            skill: s.id.clone(),
            name: s.name.clone(),
            group: s.group,
            opportunities: 0,
            used: 0,
            counter: 0,
            pitfalls: 0,
            possible: 0,
            achieved: 0,
            decisive: 0,
            decisive_used: 0,
            points: 0,
            rating: Rating::NotApplicable,
        })
        .collect();
    let mut tallies = [Tally::default(), Tally::default()];
    for step in trajectory {
        let Some((offered, chosen)) = step_choices(scenario, step) else {
            continue;
        };
        for skill in &mut skills {
            let id = skill.skill.as_str();
            let w = effective_weight(chosen, id, framework);
            let best = offered
                .iter()
                .map(|o| effective_weight(o, id, framework))
                .max()
                .unwrap_or(0);
            if best > 0 {
                skill.opportunities += 1;
                skill.possible += best;
                skill.achieved += w.clamp(0, best);
                if best >= DECISIVE {
                    skill.decisive += 1;
                    if w >= DECISIVE {
                        skill.decisive_used += 1;
                    }
                }
            }
            if w > 0 {
                skill.used += 1;
            }
            if w < 0
                && offered
                    .iter()
                    .any(|o| effective_weight(o, id, framework) >= 0)
            {
                skill.counter += 1;
            }
            if undermines(chosen, id, framework)
                && offered.iter().any(|o| !undermines(o, id, framework))
            {
                skill.pitfalls += 1;
            }
            skill.points += w;
        }
        for (tally, group) in tallies.iter_mut().zip(Group::ALL) {
            tally.add_decision(&offered, chosen, group, framework);
        }
    }
    for skill in &mut skills {
        skill.rating = Rating::of(skill);
    }
    Scores {
        relationship: tallies[0].value(),
        structuring: tallies[1].value(),
        skills,
    }
}
