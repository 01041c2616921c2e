//! The core of Rapport, a training scenario engine for rapport-building role-play in
//! probation supervision: the scenario format, the one loader and validator, the runtime,
//! scoring, the debrief, transcripts and playthroughs. It knows nothing of Bevy; the
//! analysis crate, the app crate and the `rapport` command are layers over it.

pub mod check;
pub mod compile;
pub mod condition;
pub mod debrief;
pub mod diagnostic;
pub mod format;
pub mod framework;
pub mod language;
pub mod model;
pub mod playthrough;
pub mod random;
pub mod review;
pub mod runtime;
pub mod scoring;
pub mod script;
pub mod synthetic;
pub mod template;
pub mod transcript;
