//! Comfort settings the trainee chooses (text size, high contrast, learning mode),
//! remembered as RON in the user's config folder and written atomically.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub(super) fn plugin(app: &mut App) {
    let file = app
        .world()
        .get_resource::<SettingsFile>()
        .and_then(|f| f.0.clone());
    let settings = file.as_deref().map(Settings::load).unwrap_or_default();
    app.insert_resource(settings)
        .add_systems(Last, remember_settings);
}

/// Smallest and largest body text size, in points.
pub const TEXT_SIZES: std::ops::RangeInclusive<f32> = 12.0..=32.0;

/// The trainee's comfort settings.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Body text size in points.
    pub text_size: f32,
    /// Black background, white text, strong outlines.
    pub high_contrast: bool,
    /// Show the person's dials live during the conversation.
    pub learning_mode: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            text_size: 18.0,
            high_contrast: false,
            learning_mode: false,
        }
    }
}

impl Settings {
    /// Reads settings, falling back to the defaults if the file is missing or unreadable.
    pub fn load(path: &Path) -> Settings {
        let Some(text) = rapport_core::format::read_bounded(path)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            return Settings::default();
        };
        match ron::from_str::<Settings>(&text) {
            Ok(mut s) => {
                s.text_size = s.text_size.clamp(*TEXT_SIZES.start(), *TEXT_SIZES.end());
                s
            }
            Err(e) => {
                warn!("ignoring settings in {}: {e}", path.display());
                Settings::default()
            }
        }
    }

    /// Writes settings atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        rapport_core::transcript::write_atomic(path, text.as_bytes())
    }

    /// Text one step larger.
    pub fn larger(&mut self) {
        self.text_size = (self.text_size + 2.0).min(*TEXT_SIZES.end());
    }

    /// Text one step smaller.
    pub fn smaller(&mut self) {
        self.text_size = (self.text_size - 2.0).max(*TEXT_SIZES.start());
    }
}

/// Where settings are remembered (`None`: not remembered).
#[derive(Resource, Debug, Clone, Default)]
pub struct SettingsFile(pub Option<PathBuf>);

/// `settings.ron` in the user's config folder.
pub(super) fn default_settings_file() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Rapport", "rapport")
        .map(|d| d.config_dir().join("settings.ron"))
}

fn remember_settings(settings: Res<Settings>, file: Res<SettingsFile>) {
    if !settings.is_changed() || settings.is_added() {
        return;
    }
    if let Some(path) = &file.0
        && let Err(e) = settings.save(path)
    {
        warn!("could not remember settings in {}: {e}", path.display());
    }
}
