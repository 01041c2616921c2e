//! Rapport: a training scenario engine for rapport-building role-play in probation supervision.
//!
//! The core (this library, without the `app` feature) knows nothing of Bevy: the scenario
//! model, the one loader and validator, the runtime, scoring, the debrief and analysis.
//! The CLI (`src/main.rs`, `src/cli/`) and the Bevy app (`app`) are thin layers over it.

pub mod check;
pub mod condition;
pub mod diagnostic;
pub mod framework;
pub mod language;
pub mod model;
pub mod spans;
pub mod validate;
