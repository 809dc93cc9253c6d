use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use fazhi_core::SourceFile;
use fazhi_rules::{Figure, ModuleReport, ReportScript, RulePack};
use fazhi_store::{AuditHead, LedgerStore};
use serde::Serialize;

use crate::outline::{self, Block, Line};
use crate::store_ledger::StoreLedger;
use crate::{figure_checks, ordinal, word_text, Document, ReportError, ReportWarning, Section};

/// What a report is built from besides the ledger.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// The year reported on.
    pub year: i32,
    /// The organisation, for the title of a report without an outline and `{{organisation}}`.
    pub organisation: &'a str,
    /// The people, for `{{person:ROLE}}` (the name of whoever holds the role).
    pub org: Option<&'a fazhi_core::Org>,
    /// The rule pack whose modules' report scripts compute the figures.
    pub pack: &'a RulePack,
    /// The workspace's `rules/`, where workspace modules' scripts are read from.
    pub rules_dir: Option<&'a Path>,
    /// The outline (`report/<year>.md`), if the workspace has one.
    pub outline: Option<&'a SourceFile>,
    /// The head of the audit log as the report is made, to carry in the document
    /// ([`Document::audit_head`]); `None` leaves it out.
    pub audit_head: Option<&'a AuditHead>,
}

/// A built report: the document, the warnings about its figures, and every module's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The document, ready to render.
    pub document: Document,
    /// Figure checks that failed, figures with no rows, placeholders with no figure.
    pub warnings: Vec<ReportWarning>,
    /// What each module's report script returned.
    pub modules: Vec<ModuleReport>,
    /// Every paragraph of the document with the figures written into it (`module.figure`, and
    /// placeholders naming no figure as written): where a warning's
    /// [`ReportWarning::figures`] appear. A section of a module (`{{section:…}}`) writes all
    /// of the module's figures.
    #[serde(skip)]
    pub paragraph_figures: Vec<(String, Vec<String>)>,
}

impl Report {
    /// The outline of `year` in the workspace at `root`: `report/<year>.md`, else
    /// `report/report.md`, else none.
    pub fn find_outline(root: &Path, year: i32) -> Option<PathBuf> {
        [format!("report/{year}.md"), "report/report.md".to_string()]
            .into_iter()
            .map(|relative| root.join(relative))
            .find(|path| path.is_file())
    }

    /// Computes every module's figures for `input.year` over the ledger of `store` (those its
    /// `module.ron` declares, then its report script's), checks
    /// the figures and assembles the document from the outline (or, without one, from the
    /// modules' sections).
    pub fn build(input: &ReportInput, store: Box<dyn LedgerStore>) -> Result<Report, ReportError> {
        let scripts = ReportScript::load_all(input.pack, input.rules_dir).map_err(ReportError::Rules)?;
        let ledger = Rc::new(StoreLedger { store });
        let kinds: Vec<&fazhi_rules::LedgerKind> =
            input.pack.modules().iter().flat_map(|module| module.ledger_kinds.iter()).collect();
        let mut modules = Vec::new();
        for module in input.pack.modules() {
            let script = scripts.iter().find(|script| script.module() == module.id);
            if module.figures.is_empty() && script.is_none() {
                continue;
            }
            let mut report = ModuleReport::declared(module, &kinds, input.year, ledger.as_ref())
                .map_err(|message| ReportError::Figures { module: module.id.clone(), message })?;
            if let Some(script) = script {
                let scripted = script.run(input.year, ledger.clone()).map_err(ReportError::Script)?;
                report
                    .merge(scripted)
                    .map_err(|message| ReportError::Figures { module: module.id.clone(), message })?;
            }
            modules.push(report);
        }
        let mut warnings = figure_checks::check(input.year, &modules, &ledger);
        let mut uses = BTreeSet::new();
        let mut paragraph_figures = Vec::new();
        let mut document = match input.outline {
            Some(file) => assemble(file, input, &modules, &mut warnings, &mut uses, &mut paragraph_figures),
            None => default_document(input, &modules, &ledger, &mut uses, &mut paragraph_figures),
        };
        document.audit_head = input.audit_head.map(ToString::to_string);
        warnings.extend(figure_checks::no_rows(input.year, &modules, &uses, &ledger));
        if let Some(file) = input.outline {
            warnings.extend(word_text::outline_warnings(file));
        }
        warnings.extend(word_text::section_warnings(&modules));
        Ok(Report { document, warnings, modules, paragraph_figures })
    }
}

/// The document of a workspace without an outline: the title, then one part per module
/// section, leaving out modules none of whose figures has a row in the year (their figures
/// are still `uses`, so that they are warned about).
fn default_document(
    input: &ReportInput,
    modules: &[ModuleReport],
    ledger: &StoreLedger,
    uses: &mut BTreeSet<String>,
    figures_of: &mut Vec<(String, Vec<String>)>,
) -> Document {
    let with_data = |module: &&ModuleReport| {
        module
            .figures
            .values()
            .filter_map(|figure| figure.query.as_ref())
            .any(|query| fazhi_rules::LedgerSource::has_rows(ledger, input.year, &query.kind).unwrap_or(true))
    };
    let included: Vec<&ModuleReport> = modules.iter().filter(with_data).collect();
    for module in &included {
        let names: Vec<String> = module.figures.keys().map(|name| format!("{}.{name}", module.module)).collect();
        if let Some(section) = &module.section {
            figures_of.extend(section.paragraphs.iter().map(|paragraph| (paragraph.clone(), names.clone())));
        }
    }
    // Every module's figures count as used, those of a module left out for want of rows too:
    // each ledger kind with no row in the year is then a warning naming its figures, so an
    // empty ledger is never a report that is only its title and checks as sound.
    for module in modules {
        uses.extend(module.figures.keys().map(|name| format!("{}.{name}", module.module)));
    }
    let sections = included.iter().filter_map(|module| module.section.as_ref());
    Document {
        title: format!("{}{}年法治政府建设工作报告", input.organisation, input.year),
        preamble: Vec::new(),
        parts: sections
            .enumerate()
            .map(|(i, section)| Section {
                paragraphs: section.paragraphs.clone(),
                ..Section::new(1, ordinal::heading(1, i + 1, &section.title), false)
            })
            .collect(),
        closing: Vec::new(),
        suggestions: suggestions(&included),
        audit_head: None,
    }
}

fn suggestions(modules: &[&ModuleReport]) -> Vec<String> {
    modules.iter().flat_map(|module| module.suggestions.iter().cloned()).collect()
}

/// Where paragraphs of the outline go: before the first part, into the deepest section open
/// (its level), or after the numbered parts.
#[derive(Clone, Copy)]
enum Place {
    Preamble,
    Section(u8),
    Closing,
}

/// The last section of `level` in `parts` (following the last section of each level above).
fn last_section(parts: &mut [Section], level: u8) -> Option<&mut Section> {
    let mut section = parts.last_mut()?;
    for _ in 1..level {
        section = section.sections.last_mut()?;
    }
    Some(section)
}

/// Whether a heading of level 2 or 3 runs in at the start of its paragraph: when it ends as a
/// sentence does ("深学笃行习近平法治思想。"); one without a full stop stands on its own line.
fn runs_in(title: &str) -> bool {
    title.ends_with(['。', '！', '？', '；', '：', '.', '!', '?', ';', ':'])
}

fn assemble(
    file: &SourceFile,
    input: &ReportInput,
    modules: &[ModuleReport],
    warnings: &mut Vec<ReportWarning>,
    uses: &mut BTreeSet<String>,
    figures_of: &mut Vec<(String, Vec<String>)>,
) -> Document {
    let figures: BTreeMap<String, &Figure> = modules
        .iter()
        .flat_map(|module| {
            module.figures.iter().map(move |(name, figure)| (format!("{}.{name}", module.module), figure))
        })
        .collect();
    let mut filler = Filler { file, input, figures: &figures, warnings, uses, current: BTreeSet::new() };
    let all: Vec<&ModuleReport> = modules.iter().collect();
    let mut document = Document { suggestions: suggestions(&all), ..Document::default() };
    let mut place = Place::Preamble;
    let figures_of = &mut *figures_of;
    let outline = outline::parse(file);
    for markup in &outline.markup {
        let at = Line { text: String::new(), line: markup.line, column: markup.column };
        filler.warn("markup", &at, markup.message.clone());
    }
    for block in outline.blocks {
        match block {
            Block::Title(line) => document.title = filler.fill(&line),
            Block::Heading(1, line) => {
                let heading = ordinal::heading(1, document.parts.len() + 1, &filler.fill(&line));
                document.parts.push(Section::new(1, heading, false));
                place = Place::Section(1);
            }
            Block::Heading(level, line) => {
                let title = filler.fill(&line);
                match last_section(&mut document.parts, level - 1) {
                    Some(parent) => {
                        let heading = ordinal::heading(level, parent.sections.len() + 1, &title);
                        parent.sections.push(Section::new(level, heading, runs_in(&title)));
                        place = Place::Section(level);
                    }
                    None => {
                        let above = if level == 2 { "part (## )" } else { "sub-part (### )" };
                        filler.warn("section", &line, format!("heading \"{title}\" comes before any {above}"))
                    }
                }
            }
            Block::Closing => place = Place::Closing,
            Block::Paragraph(lines) => {
                filler.current.clear();
                let paragraphs = match section_reference(&lines) {
                    Some(module) => {
                        match modules.iter().find(|m| m.module == module).and_then(|m| m.section.as_ref()) {
                            Some(section) => {
                                let module = modules.iter().find(|m| m.module == module).expect("found above");
                                let names = module.figures.keys().map(|name| format!("{}.{name}", module.module));
                                filler.current.extend(names.clone());
                                filler.uses.extend(names);
                                section.paragraphs.clone()
                            }
                            None => {
                                filler.warn("section", &lines[0], format!("no module \"{module}\" with a section"));
                                Vec::new()
                            }
                        }
                    }
                    None => vec![lines.iter().map(|line| filler.fill(line)).collect::<String>()],
                };
                let target = match place {
                    Place::Preamble => &mut document.preamble,
                    Place::Closing => &mut document.closing,
                    Place::Section(level) => {
                        &mut last_section(&mut document.parts, level).expect("a section was started").paragraphs
                    }
                };
                let used: Vec<String> = filler.current.iter().cloned().collect();
                for paragraph in &paragraphs {
                    figures_of.push((paragraph.clone(), used.clone()));
                }
                target.extend(paragraphs);
            }
        }
    }
    document
}

/// `{{section:MODULE}}` alone in a paragraph.
fn section_reference(lines: &[Line]) -> Option<&str> {
    match lines {
        [line] => line.text.strip_prefix("{{section:")?.strip_suffix("}}").map(str::trim),
        _ => None,
    }
}

/// Fills placeholders, warning about those that name no figure.
struct Filler<'a> {
    file: &'a SourceFile,
    input: &'a ReportInput<'a>,
    figures: &'a BTreeMap<String, &'a Figure>,
    warnings: &'a mut Vec<ReportWarning>,
    /// The figures written so far.
    uses: &'a mut BTreeSet<String>,
    /// The figures and placeholders written into the paragraph being filled.
    current: BTreeSet<String>,
}

impl Filler<'_> {
    fn fill(&mut self, line: &Line) -> String {
        let mut out = String::new();
        let mut rest = line.text.as_str();
        while let Some(start) = rest.find("{{") {
            let Some(length) = rest[start..].find("}}") else { break };
            out.push_str(&rest[..start]);
            let placeholder = &rest[start..start + length + 2];
            let inner = placeholder[2..placeholder.len() - 2].trim();
            match self.value(inner) {
                Ok(text) => out.push_str(&text),
                Err(why) => {
                    self.current.insert(placeholder.to_string());
                    let column = line.column + line.text[..line.text.len() - rest.len() + start].chars().count();
                    let at = Line { text: String::new(), line: line.line, column };
                    self.warn_about("placeholder", &at, format!("{placeholder}: {why}"), vec![placeholder.to_string()]);
                    out.push_str(placeholder);
                }
            }
            rest = &rest[start + length + 2..];
        }
        out.push_str(rest);
        out
    }

    fn value(&mut self, inner: &str) -> Result<String, String> {
        match inner {
            "year" => return Ok(self.input.year.to_string()),
            "next_year" => return Ok((self.input.year + 1).to_string()),
            "organisation" => return Ok(self.input.organisation.to_string()),
            _ => {}
        }
        if let Some(role) = inner.strip_prefix("person:").map(str::trim) {
            return self.holder(role);
        }
        let (name, format) = match inner.split_once(':') {
            Some((name, format)) => (name.trim(), Some(format.trim())),
            None => (inner, None),
        };
        let figure = self.figures.get(name).ok_or_else(|| {
            let module = name.split('.').next().unwrap_or_default();
            let known: Vec<&str> =
                self.figures.keys().filter(|key| key.starts_with(&format!("{module}."))).map(String::as_str).collect();
            if known.is_empty() {
                "names no figure (write {{module.figure}}; `fazhi report --json` lists the figures)".to_string()
            } else {
                format!("names no figure (module {module} has: {})", known.join(", "))
            }
        })?;
        self.uses.insert(name.to_string());
        self.current.insert(name.to_string());
        match format {
            None => Ok(figure.to_string()),
            Some("余") => Ok(figure.approximate(None)),
            Some(other) => match other.strip_prefix('余').and_then(|step| step.parse::<f64>().ok()) {
                Some(step) if step > 0.0 => Ok(figure.approximate(Some(step))),
                _ => Err(format!("unknown format \"{other}\" (write :余 or :余10)")),
            },
        }
    }

    /// The name of whoever holds `role` in org.ron (several: joined with 、).
    fn holder(&self, role: &str) -> Result<String, String> {
        let people = self.input.org.map(|org| org.people.as_slice()).unwrap_or_default();
        let names: Vec<&str> = people
            .iter()
            .filter(|person| person.roles.iter().any(|held| held == role))
            .map(|person| person.name.as_str())
            .collect();
        if names.is_empty() {
            Err(format!("nobody in org.ron holds the role \"{role}\""))
        } else {
            Ok(names.join("、"))
        }
    }

    fn warn(&mut self, kind: &'static str, line: &Line, message: String) {
        self.warn_about(kind, line, message, Vec::new());
    }

    fn warn_about(&mut self, kind: &'static str, line: &Line, message: String, figures: Vec<String>) {
        let message = format!("{}:{}:{}: {message}", self.file.path.display(), line.line, line.column);
        self.warnings.push(ReportWarning { kind, message, rows: Vec::new(), figures });
    }
}
