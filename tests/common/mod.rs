//! What the command-line test files share: running the built `rapport` as a trainer does.

use std::path::Path;
use std::process::Command;

/// Runs `rapport ARGS` in `cwd` without colours: (exit code, standard output, standard error).
pub fn rapport_in(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run rapport: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
