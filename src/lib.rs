//! Rapport: a training scenario engine for rapport-building role-play in probation supervision.
//!
//! The core (this library, without the `app` feature) knows nothing of Bevy: the scenario
//! model, the one loader and validator, the runtime, scoring, the debrief and analysis.
//! The CLI (`src/main.rs`, `src/cli/`) and the Bevy app (`app`) are thin layers over it.

pub mod analysis;
/// The Bevy window (feature `app`).
#[cfg(feature = "app")]
pub mod app;
pub mod check;
pub mod condition;
pub mod debrief;
pub mod diagnostic;
pub mod framework;
pub mod graph;
pub mod language;
pub mod model;
pub mod playthrough;
pub mod runtime;
pub mod scoring;
pub mod spans;
pub mod synthetic;
pub mod template;
pub mod transcript;
pub mod validate;
