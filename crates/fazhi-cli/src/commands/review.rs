//! `fazhi review FILE`: the legality review (合法性审查) of one dossier.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fazhi_core::{Calendar, SourceFile, Workspace};
use fazhi_rules::{Dossier, Review, RulePack, RulesError, Severity};

use super::print_json;
use crate::terminal::escape;
use crate::{CliError, Context};

/// Arguments of `fazhi review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The dossier to review: a RON file, or JSON if its name ends in .json (see docs/dossiers.md).
    #[arg(required_unless_present = "flow", conflicts_with = "flow")]
    pub file: Option<PathBuf>,
    /// Review the dossier of this workflow instance instead (its latest version).
    #[arg(long, value_name = "INSTANCE")]
    pub flow: Option<String>,
}

/// `fazhi review FILE`: prints every finding and the verdict; fails (exit 1) when a finding
/// blocks. Works outside a workspace too, with the stock rules and calendar.
pub fn run(context: &Context, args: &ReviewArgs) -> Result<(), CliError> {
    let (pack, calendar) = rules_and_calendar(context)?;
    // In a workspace, the rules check the dossier's people against org.ron; a broken org.ron
    // only leaves those checks out (`fazhi check` reports it).
    let org = Workspace::discover(&context.start_dir()).ok().and_then(|root| match Workspace::load_org(&root) {
        Ok(org) => Some(org),
        Err(err) => {
            err!("warning: org.ron could not be read ({err}); the dossier is not checked against it");
            None
        }
    });
    let dossier = match (&args.file, &args.flow) {
        (Some(file), _) => Dossier::load(file),
        (None, Some(instance)) => {
            let workspace = context.workspace()?;
            let store = context.read_store(&workspace)?;
            let record = store
                .instance(instance)?
                .ok_or_else(|| CliError::BadInput(format!("unknown workflow instance \"{instance}\"")))?;
            Dossier::parse(SourceFile::new(record.data_name, record.data))
        }
        (None, None) => unreachable!("clap requires a file or --flow"),
    }
    .map_err(|err| rules_error(err.into()))?;
    let shown = dossier.path().display().to_string();
    let review = pack.review_in(&dossier, &calendar, org.as_ref()).map_err(rules_error)?;
    if context.json {
        print_json(&review)?;
    } else {
        crate::terminal::print(&render(&review));
    }
    if review.is_blocked() {
        return Err(CliError::Failed(format!(
            "{shown}: the review found {} blocking finding(s)",
            review.count(Severity::Block)
        )));
    }
    Ok(())
}

/// The rule packs (stock plus the workspace's `rules/`) and the working-day calendar (stock
/// plus the workspace's `calendar.ron`) when in a workspace; the stock ones otherwise. Only
/// these two are read, so a problem elsewhere in the workspace does not stop a review.
pub fn rules_and_calendar(context: &Context) -> Result<(RulePack, Calendar), CliError> {
    let Ok(root) = Workspace::discover(&context.start_dir()) else {
        return Ok((RulePack::load(None).map_err(rules_error)?, Calendar::stock()));
    };
    let mut calendar = Calendar::stock();
    if root.join("calendar.ron").is_file() {
        let source = SourceFile::read(&root.join("calendar.ron"), Path::new("calendar.ron"))
            .map_err(|diagnostic| CliError::Invalid(vec![diagnostic]))?;
        calendar.extend(Calendar::parse(&source).map_err(CliError::Invalid)?);
    }
    let pack = RulePack::load(Some(&root.join("rules"))).map_err(rules_error)?;
    Ok((pack, calendar))
}

/// Rule-pack, script and dossier problems are bad input (exit 2), each with its position.
pub fn rules_error(err: RulesError) -> CliError {
    match err {
        RulesError::UnknownKind { .. } => CliError::BadInput(err.to_string()),
        other => CliError::Invalid(other.diagnostics()),
    }
}

/// The review as text: a header, each finding (most serious first), the verdict.
///
/// What the dossier and the rules (a workspace's own rules among them) wrote is escaped
/// ([`escape`]): a finding's message cannot start a line such as "verdict: passed" of its own.
fn render(review: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}（{} {}，{}）",
        escape(&review.title),
        escape(&review.kind),
        escape(&review.id),
        escape(&review.dossier.display().to_string())
    );
    let _ = writeln!(out, "{} rule(s) of module(s) {}", review.rules_run, review.modules.join(", "));
    if review.findings.is_empty() {
        out.push_str("\nno findings\n");
    }
    for finding in &review.findings {
        let label = match finding.severity {
            Severity::Block => "BLOCK",
            Severity::Warn => "WARN ",
            Severity::Info => "INFO ",
        };
        let field = escape(finding.field.as_deref().unwrap_or("-"));
        let _ = writeln!(out, "\n{label}  {}  {field}", escape(&finding.rule));
        let _ = writeln!(out, "       {}", escape(&finding.message));
        let _ = writeln!(out, "       依据：{}", escape(&finding.basis));
    }
    let _ = writeln!(
        out,
        "\nverdict: {} — {} blocking, {} warning(s), {} note(s)（审查结论：{}）",
        review.verdict,
        review.count(Severity::Block),
        review.count(Severity::Warn),
        review.count(Severity::Info),
        review.verdict.chinese()
    );
    out
}
