//! `rapport new --kind KIND ID`: start a scenario from a small, valid, commented template.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rapport_core::model::Kind;
use rapport_core::template::{is_kebab, scenario_text};

/// Kinds of scenario, as typed on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// An induction appointment.
    #[value(name = "FirstMeeting", alias = "first-meeting")]
    FirstMeeting,
    /// A person discloses something that matters for risk and wellbeing.
    #[value(name = "Disclosure", alias = "disclosure")]
    Disclosure,
    /// Issuing a warning after non-compliance.
    #[value(name = "Warning", alias = "warning")]
    Warning,
    /// The first appointment on the day of release from prison.
    #[value(name = "DayOfRelease", alias = "day-of-release")]
    DayOfRelease,
    /// Anything else.
    #[value(name = "Other", alias = "other")]
    Other,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::FirstMeeting => Kind::FirstMeeting,
            KindArg::Disclosure => Kind::Disclosure,
            KindArg::Warning => Kind::Warning,
            KindArg::DayOfRelease => Kind::DayOfRelease,
            KindArg::Other => Kind::Other,
        }
    }
}

/// Arguments of `rapport new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What kind of conversation the scenario practises.
    #[arg(long, value_enum, ignore_case = true)]
    kind: KindArg,
    /// The new scenario's id (kebab-case, e.g. `late-again`); the file is `<ID>.ron`.
    #[arg(value_name = "ID")]
    id: String,
    /// The folder to write into.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    dir: PathBuf,
}

/// Writes the file; never overwrites one that exists.
pub fn run(args: Args) -> Result<ExitCode, String> {
    if !is_kebab(&args.id) {
        return Err(format!(
            "`{}` is not a kebab-case id: use lower-case letters, digits and hyphens, e.g. `late-again`",
            args.id
        ));
    }
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", args.dir.display()))?;
    let path = args.dir.join(format!("{}.ron", args.id));
    let text = scenario_text(args.kind.into(), &args.id);
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "rapport: {} already exists; not overwriting it (choose another id, or delete the file first)",
                path.display()
            );
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!(
        "wrote {} (kind: {}). Next: edit it, then `rapport check {}`",
        path.display(),
        Kind::from(args.kind).label(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
