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
//! **Per skill** (the rating follows the style of the EPICS practice-rating form):
//! - an *opportunity* is a decision where at least one of the choices on offer used the skill
//!   (weight above 0);
//! - the skill was *used* at a decision when the choice made has a weight above 0 for it;
//! - a *counter-use* is a decision where the choice made has a negative weight for the skill
//!   although another choice on offer did not (so it was avoidable);
//! - *points* are the sum of the weights of the choices made.
//!
//! The rating:
//! - **Not applicable**: the skill had no opportunity and no avoidable counter-use;
//! - **Missed opportunity**: it had opportunities and was never used;
//! - **Satisfactory**: it was used at least at half of its opportunities, and counter-used
//!   fewer times than it was used;
//! - **Needs improvement**: anything else: used at fewer than half of its opportunities,
//!   counter-used as often as used, or counter-used where there was no opportunity to use it.
//!
//! **The two composite scores** (relationship and structuring, 0 to 100, one for each group
//! of skills in `assets/skills.ron`). Every option gets a value for the group: the sum of its
//! weights for the group's skills. At each decision, the best and the worst values on offer
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
    /// Used at least at half of its opportunities, and counter-used less often than used.
    Satisfactory,
    /// Used too rarely, or counter-used as often as used.
    NeedsImprovement,
    /// Had opportunities and was never used.
    MissedOpportunity,
    /// No opportunity and no avoidable counter-use.
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

    /// Applies the rating rule to the counts.
    pub fn from_counts(opportunities: u32, used: u32, counter: u32) -> Rating {
        if opportunities == 0 && counter == 0 {
            Rating::NotApplicable
        } else if opportunities > 0 && used == 0 {
            Rating::MissedOpportunity
        } else if opportunities > 0 && used * 2 >= opportunities && counter < used {
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
    /// Sum of the weights of the choices made.
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

/// A choice's weight for a skill (0 when it does not list the skill).
pub fn weight(choice: &Choice, skill: &str) -> i32 {
    choice.skills.get(skill).map_or(0, |w| w.value)
}

/// A choice's total weight over all skills: how helpful (positive) or harmful (negative).
pub fn total_weight(choice: &Choice) -> i32 {
    choice.skills.values().map(|w| w.value).sum()
}

/// A choice's value for a group: the sum of its weights for the group's skills.
pub fn group_value(choice: &Choice, group: Group, framework: &Framework) -> i32 {
    choice
        .skills
        .iter()
        .filter(|(id, _)| framework.skills.get(id).is_some_and(|s| s.group == group))
        .map(|(_, w)| w.value)
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
            let w = weight(chosen, &skill.skill);
            if offered.iter().any(|o| weight(o, &skill.skill) > 0) {
                skill.opportunities += 1;
            }
            if w > 0 {
                skill.used += 1;
            }
            if w < 0 && offered.iter().any(|o| weight(o, &skill.skill) >= 0) {
                skill.counter += 1;
            }
            skill.points += w;
        }
        for (tally, group) in tallies.iter_mut().zip(Group::ALL) {
            tally.add_decision(&offered, chosen, group, framework);
        }
    }
    for skill in &mut skills {
        skill.rating = Rating::from_counts(skill.opportunities, skill.used, skill.counter);
    }
    Scores {
        relationship: tallies[0].value(),
        structuring: tallies[1].value(),
        skills,
    }
}
