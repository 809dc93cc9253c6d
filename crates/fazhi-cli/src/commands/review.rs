//! `fazhi review FILE`: the legality review (合法性审查) of one dossier.

use std::fmt::Write as _;
use std::path::PathBuf;

use fazhi_app::{AppError, Reviewer};
use fazhi_core::SourceFile;
use fazhi_rules::{Dossier, Review, RulesError, Severity};

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
    let (dossier, review) = match (&args.file, &args.flow) {
        (Some(file), _) => {
            // In a workspace, the rules check the dossier's people against org.ron; a broken
            // org.ron only leaves those checks out (`fazhi check` reports it).
            let (gate, warnings) = Reviewer::discover(context.start_dir())?;
            for warning in &warnings {
                err!("{}{warning}", crate::lang::warning());
            }
            let given = context.path(file);
            let real = match context.root() {
                Ok(root) => fazhi_app::given_file_in(&root, &given)?,
                Err(_) => given,
            };
            let dossier = Dossier::read(&real, &shown_path(context, file))
                .map_err(|err| AppError::from(RulesError::from(err)))?;
            let review = gate.review(&dossier).map_err(AppError::from)?;
            (dossier, review)
        }
        (None, Some(instance)) => {
            let session = context.read_session()?;
            let record = session.store().instance(instance)?.ok_or_else(|| {
                CliError::BadInput(tr!("unknown workflow instance \"{instance}\"", "没有程序实例“{instance}”"))
            })?;
            let dossier = Dossier::parse(SourceFile::new(record.data_name, record.data))
                .map_err(|err| AppError::from(RulesError::from(err)))?;
            let review = session.gate().review(&dossier).map_err(AppError::from)?;
            (dossier, review)
        }
        (None, None) => unreachable!("clap requires a file or --flow"),
    };
    let shown = dossier.path().display().to_string();
    if context.json {
        print_json(&review)?;
    } else {
        crate::terminal::print(&render(&review));
    }
    if review.is_blocked() {
        let blocking = review.count(Severity::Block);
        return Err(CliError::Failed(tr!(
            "{shown}: the review found {blocking} blocking finding(s)",
            "{shown}：审查发现 {blocking} 项阻止性意见"
        )));
    }
    Ok(())
}

/// A dossier named on the command line as shown: relative to the workspace when inside it, else
/// as given.
fn shown_path(context: &Context, given: &std::path::Path) -> PathBuf {
    let full = std::path::absolute(context.path(given)).unwrap_or_else(|_| given.to_path_buf());
    match context.root().ok().and_then(|root| std::path::absolute(root).ok()) {
        Some(root) => {
            full.strip_prefix(&root).map(std::path::Path::to_path_buf).unwrap_or_else(|_| given.to_path_buf())
        }
        None => given.to_path_buf(),
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
    let (rules, modules) = (review.rules_run, review.modules.join(", "));
    let _ = writeln!(out, "{}", tr!("{rules} rule(s) of module(s) {modules}", "运行规则 {rules} 条，模块：{modules}"));
    if review.findings.is_empty() {
        let _ = write!(out, "\n{}\n", tr!("no findings", "无审查意见"));
    }
    for finding in &review.findings {
        let label = match (finding.severity, crate::lang::english()) {
            (Severity::Block, true) => "BLOCK",
            (Severity::Warn, true) => "WARN ",
            (Severity::Info, true) => "INFO ",
            (severity, false) => severity_word(severity.as_str()),
        };
        let field = escape(finding.field.as_deref().unwrap_or("-"));
        let _ = writeln!(out, "\n{label}  {}  {field}", escape(&finding.rule));
        let _ = writeln!(out, "       {}", escape(&finding.message));
        let _ = writeln!(out, "       依据：{}", escape(&finding.basis));
    }
    let (verdict, chinese) = (review.verdict, review.verdict.chinese());
    let (block, warn, info) =
        (review.count(Severity::Block), review.count(Severity::Warn), review.count(Severity::Info));
    let _ = writeln!(
        out,
        "\n{}",
        tr!(
            "verdict: {verdict} — {block} blocking, {warn} warning(s), {info} note(s)（审查结论：{chinese}）",
            "审查结论：{chinese} — 阻止 {block} 项，警告 {warn} 项，提示 {info} 项"
        )
    );
    out
}

/// A finding's severity (`Severity::as_str`) as the CLI's language says it.
pub fn severity_word(severity: &str) -> &str {
    match (severity, crate::lang::english()) {
        (severity, true) => severity,
        ("block", false) => "阻止",
        ("warn", false) => "警告",
        ("info", false) => "提示",
        (other, false) => other,
    }
}
