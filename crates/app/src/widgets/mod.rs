//! Drawing pieces the screens share, by what they are: the window's chrome, keys, the
//! person's face, and the gauges and charts.

mod charts;
mod chrome;
mod face;
mod keys;

pub use charts::{clock, dial_bar, dial_legend, dial_plot, quadrant_chart};
pub use chrome::{
    READING_EMS, action_bar, bullet, card, chip, choice_button, column, heading, note, page,
    primary_button, root, top_bar,
};
pub use face::mood_face;
pub use keys::{global_keys, keep_focus_in_view, keyboard_scrolling, number_pressed, pressed};
