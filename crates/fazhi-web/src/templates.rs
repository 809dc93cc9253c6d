//! The pages, as askama templates (`templates/*.html`, every value HTML-escaped) and the
//! values they show.

use std::borrow::Cow;

use askama::Template;
use axum::response::Html;

/// Renders a page; a template that fails (it cannot with these values) shows a short notice.
pub fn render(template: &impl Template) -> Html<String> {
    Html(template.render().unwrap_or_else(|err| {
        eprintln!("fazhi web: a page failed to render: {err}");
        "<!doctype html><title>错误</title><p>页面生成失败。</p>".to_string()
    }))
}

/// What every page of a signed-in person shows around its content.
pub struct Layout {
    /// The page's title.
    pub title: String,
    /// Which entry of the navigation is this page: `dashboard`, `tasks`, `review`, `ledger`,
    /// `report`, `flows`, `audit`.
    pub active: &'static str,
    /// The organisation (`fazhi.ron`).
    pub organisation: String,
    /// The person's name.
    pub user: String,
    /// Their role's name.
    pub role: &'static str,
    /// Whether the audit page is in the navigation.
    pub sees_audit: bool,
    /// Whether the review page is.
    pub reviews: bool,
    /// The anti-forgery token of the forms.
    pub csrf: String,
    /// The day the pages judge deadlines on.
    pub today: String,
    /// What the pages' paths start with ([`crate::Mount::base`]).
    pub base: String,
    /// Where the sign-out form goes (on a county's server, the county office's for its people).
    pub logout: String,
    /// On a county's server: the link to the county's overview.
    pub county: Option<String>,
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// The organisation.
    pub organisation: String,
    /// The name typed, kept after a refusal.
    pub login: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
    /// The sign-in form's anti-forgery token.
    pub csrf: String,
    /// Where to go afterwards.
    pub next: String,
    /// What the pages' paths start with ([`crate::Mount::base`]).
    pub base: String,
}

/// A page shown instead of the one asked for.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// The heading.
    pub title: &'a str,
    /// What happened.
    pub message: &'a str,
}

/// A row of counts with the links to their lists.
pub struct CountRow {
    /// The unit's or module's name.
    pub name: String,
    /// Overdue, with its list's link.
    pub overdue: (usize, String),
    /// Due soon.
    pub due_soon: (usize, String),
    /// Done this month.
    pub done: (usize, String),
    /// Open.
    pub open: (usize, String),
}

/// One month's bar of the chart, in the SVG's coordinates.
pub struct Bar {
    /// Its label (e.g. `3月`).
    pub label: String,
    /// Left edge.
    pub x: usize,
    /// The grey bar (due): top and height.
    pub due_y: usize,
    /// Its height.
    pub due_h: usize,
    /// The green bar (done): top.
    pub done_y: usize,
    /// Its height.
    pub done_h: usize,
    /// The label's centre.
    pub label_x: usize,
    /// Done and due, written above the bar (empty for a month without tasks).
    pub counts: String,
    /// Where that is written.
    pub counts_y: usize,
    /// What a screen reader and a tooltip say.
    pub title: String,
}

/// The 工作台: its body, the same for everyone, is rendered once per view of the state and
/// year ([`DashboardBody`], [`crate::View::dashboard`]).
#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage<'a> {
    /// Around it.
    pub layout: Layout,
    /// The body, as HTML (rendered from [`DashboardBody`], every value escaped there).
    pub body: &'a str,
}

/// What the 工作台 shows of a year.
#[derive(Template)]
#[template(path = "dashboard_body.html")]
pub struct DashboardBody {
    /// "Soon": within this many days.
    pub within: i64,
    /// Every task together.
    pub total: CountRow,
    /// Per unit.
    pub units: Vec<CountRow>,
    /// Per module.
    pub modules: Vec<CountRow>,
    /// The chart's year.
    pub year: i32,
    /// Its bars.
    pub bars: Vec<Bar>,
    /// The years the chart can show, with their links.
    pub years: Vec<(i32, String)>,
    /// The year's tasks due and done.
    pub year_due: usize,
    /// Of those, done.
    pub year_done: usize,
}

/// An option of a filter's list.
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What is shown.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

/// An option of the task list's filters, borrowed where it can be (the lists of units and
/// people are long).
pub struct FilterChoice<'a> {
    /// The value sent.
    pub value: Cow<'a, str>,
    /// What is shown.
    pub label: Cow<'a, str>,
    /// Whether it is chosen.
    pub selected: bool,
}

impl<'a> FilterChoice<'a> {
    /// The option `value` shown as `label`, chosen when it is `chosen`.
    pub fn of(value: &'a str, label: &'a str, chosen: &str) -> FilterChoice<'a> {
        FilterChoice { value: Cow::Borrowed(value), label: Cow::Borrowed(label), selected: value == chosen }
    }
}

/// A task in the list.
pub struct TaskRow {
    /// The link to its page.
    pub href: String,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its deadline.
    pub deadline: String,
    /// Time left, in words.
    pub left: String,
    /// Its status's name (逾期 when overdue).
    pub status: String,
    /// `red`, `yellow`, `green`, `grey` or `none`.
    pub light: &'static str,
    /// Its unit's name.
    pub unit: String,
    /// Its owner's name.
    pub owner: String,
}

/// The 任务清单.
#[derive(Template)]
#[template(path = "tasks.html")]
pub struct TasksPage<'a> {
    /// Around it.
    pub layout: Layout,
    /// The unit filter's choices, as HTML (from an [`crate::OptionList`], escaped there).
    pub units: String,
    /// The owner filter's.
    pub owners: String,
    /// The module filter's.
    pub modules: Vec<FilterChoice<'a>>,
    /// The status filter's.
    pub statuses: Vec<FilterChoice<'a>>,
    /// The "due within" filter's.
    pub withins: Vec<FilterChoice<'a>>,
    /// Whether overdue tasks are left out.
    pub from_today: bool,
    /// Completed since (kept from a dashboard link).
    pub done_since: String,
    /// The page's tasks.
    pub rows: Vec<TaskRow>,
    /// How many tasks match.
    pub total: usize,
    /// Of them, overdue.
    pub overdue: usize,
    /// This page's number (from 1) and the number of pages.
    pub page: usize,
    /// The number of pages.
    pub pages: usize,
    /// The previous page's link.
    pub prev: Option<String>,
    /// The next page's link.
    pub next: Option<String>,
    /// Why the filters were refused.
    pub error: Option<String>,
}

/// One recorded change of a task.
pub struct HistoryRow {
    /// When (as declared).
    pub at: String,
    /// When it was really recorded, if known.
    pub recorded: String,
    /// Who.
    pub by: String,
    /// From and to.
    pub change: String,
    /// The note.
    pub note: String,
    /// The evidence's name and its download link.
    pub evidence: Option<(String, String, String)>,
}

/// A button of the task page.
pub struct ActionForm {
    /// Where it posts.
    pub href: String,
    /// Its label.
    pub label: &'static str,
    /// `start`, `done`, `cancel` or `reopen`.
    pub action: &'static str,
    /// Whether it takes an evidence file.
    pub evidence: bool,
    /// A question asked first.
    pub confirm: Option<&'static str>,
}

/// A task's page.
#[derive(Template)]
#[template(path = "task.html")]
pub struct TaskPage {
    /// Around it.
    pub layout: Layout,
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Label/value pairs of its particulars.
    pub facts: Vec<(&'static str, String)>,
    /// Its status's name.
    pub status: String,
    /// Its light.
    pub light: &'static str,
    /// Its deadline and what it counts from.
    pub deadline: String,
    /// The deadline's rule, in the checklist's words.
    pub rule: String,
    /// Time left.
    pub left: String,
    /// Its changes, oldest first.
    pub history: Vec<HistoryRow>,
    /// What may be done now.
    pub actions: Vec<ActionForm>,
    /// Why nothing may be done, if so.
    pub no_actions: Option<String>,
    /// The refusal of the last attempt (the CLI's message).
    pub error: Option<String>,
    /// What the last change did.
    pub notice: Option<String>,
    /// The largest evidence file accepted, in MiB.
    pub limit_mb: u32,
}

/// An audit entry.
pub struct AuditRow {
    /// Its number.
    pub seq: i64,
    /// Its effective time.
    pub at: String,
    /// When it was recorded.
    pub recorded: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// The details (JSON).
    pub detail: String,
}

/// The 审计 page.
#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditPage {
    /// Around it.
    pub layout: Layout,
    /// The head (`SEQ:HASH`).
    pub head: String,
    /// When the head was recorded.
    pub head_recorded: String,
    /// The problems `audit verify` finds.
    pub problems: Vec<String>,
    /// The search text.
    pub q: String,
    /// The entries shown (newest first).
    pub rows: Vec<AuditRow>,
    /// How many entries match.
    pub matching: usize,
    /// How many there are.
    pub total: usize,
}

/// A field of a dossier form.
pub struct FieldView {
    /// The input's name.
    pub name: String,
    /// Its element id.
    pub id: String,
    /// Its label.
    pub label: &'static str,
    /// `text`, `textarea`, `date`, `number`, `check`, `select` or `several`.
    pub input: &'static str,
    /// The value sent.
    pub value: String,
    /// A ticked box.
    pub checked: bool,
    /// A list's choices.
    pub options: Vec<Choice>,
    /// Whether a problem names it.
    pub error: bool,
}

/// A part of a dossier form.
pub struct GroupView {
    /// Its heading.
    pub label: String,
    /// Whether every dossier of the kind has it.
    pub required: bool,
    /// Its fields.
    pub fields: Vec<FieldView>,
}

/// A finding of a review.
pub struct FindingView {
    /// `block`, `warn` or `info`.
    pub class: &'static str,
    /// 须整改, 应注意 or 提示.
    pub severity: &'static str,
    /// The rule.
    pub rule: String,
    /// What it found.
    pub message: String,
    /// The article.
    pub basis: String,
    /// The field concerned, as the form calls it.
    pub field: String,
}

/// A review made, as shown and as its opinion sheet.
pub struct ReviewView {
    /// The dossier's title.
    pub title: String,
    /// Its id.
    pub id: String,
    /// Its kind's name.
    pub kind: String,
    /// Where it came from (the file's name, or the form).
    pub source: String,
    /// The verdict, in words.
    pub verdict: String,
    /// `passed`, `warnings` or `blocked`.
    pub verdict_class: String,
    /// Blocking findings.
    pub blocks: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
    /// Rules run.
    pub rules_run: usize,
    /// The modules' names.
    pub modules: String,
    /// The findings, most serious first.
    pub findings: Vec<FindingView>,
    /// Who reviewed.
    pub reviewer: String,
    /// Their unit.
    pub unit: String,
    /// The organisation.
    pub organisation: String,
    /// The day, as a sheet writes it.
    pub date: String,
}

/// The 合法性审查 page.
#[derive(Template)]
#[template(path = "review.html")]
pub struct ReviewPage {
    /// Around it.
    pub layout: Layout,
    /// The kinds with a form, with their links.
    pub kinds: Vec<Choice>,
    /// The kind of the form shown.
    pub kind: &'static str,
    /// Its name.
    pub kind_label: &'static str,
    /// The form's parts.
    pub groups: Vec<GroupView>,
    /// Why the dossier could not be reviewed.
    pub problems: Vec<String>,
    /// The review made.
    pub result: Option<ReviewView>,
    /// The largest dossier file, in KiB.
    pub limit_kb: usize,
}

/// A problem of a ledger file: its row (line) and column, and what is wrong.
pub struct LedgerProblem {
    /// The row (CSV line, spreadsheet row); empty for the whole file.
    pub row: String,
    /// The column (number, or letter in a spreadsheet); empty for the whole file.
    pub column: String,
    /// What is wrong.
    pub message: String,
}

impl LedgerProblem {
    /// A problem of the whole file.
    pub fn whole(message: String) -> LedgerProblem {
        LedgerProblem { row: String::new(), column: String::new(), message }
    }
}

/// A ledger row in the list.
pub struct LedgerRowView {
    /// Its number (`2024-17`).
    pub number: String,
    /// Its values, field by field, and whether each is short (kept on one line).
    pub cells: Vec<(String, bool)>,
    /// Where it came from (`file:line`, or `ledger add`).
    pub source: String,
    /// Its page (to correct or void it), for those who keep the ledger.
    pub href: Option<String>,
}

/// The 台账 page.
#[derive(Template)]
#[template(path = "ledger.html")]
pub struct LedgerPage {
    /// Around it.
    pub layout: Layout,
    /// Every kind, with its link.
    pub kinds: Vec<Choice>,
    /// The kind shown.
    pub kind: String,
    /// Its name.
    pub kind_name: String,
    /// Its fields' labels.
    pub headers: Vec<String>,
    /// The columns a file of the kind has, in words.
    pub columns: String,
    /// The years (label, link, chosen).
    pub years: Vec<(String, String, bool)>,
    /// The rows counted.
    pub total: usize,
    /// This page's rows.
    pub rows: Vec<LedgerRowView>,
    /// This page.
    pub page: usize,
    /// Pages.
    pub pages: usize,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
    /// Whether the person imports, voids and corrects.
    pub keeps: bool,
    /// What the last change did.
    pub notice: Option<String>,
    /// The problems of the file just refused.
    pub problems: Vec<LedgerProblem>,
    /// The largest file, in MiB.
    pub limit_mb: u32,
}

/// The page of one ledger row.
#[derive(Template)]
#[template(path = "ledger_row.html")]
pub struct LedgerRowPage {
    /// Around it.
    pub layout: Layout,
    /// The kind's name.
    pub kind_name: String,
    /// The kind's page.
    pub back: String,
    /// The row's number.
    pub number: String,
    /// Where it came from.
    pub source: String,
    /// Each field: id, label, stored value, value on the form.
    pub fields: Vec<(String, String, String, String)>,
    /// The reason typed.
    pub reason: String,
    /// Where the correction posts.
    pub correct: String,
    /// Where the void posts.
    pub void: String,
    /// Why the last attempt was refused.
    pub error: Option<String>,
}

/// A warning about the report's figures.
pub struct WarningView {
    /// What kind, in words.
    pub kind: &'static str,
    /// The message.
    pub message: String,
    /// The ledger rows behind it.
    pub rows: String,
}

/// A heading or paragraph of the report.
pub struct ReportBlock {
    /// 2 a part's heading, 3 a sub-part's standing alone, 0 a paragraph.
    pub level: u8,
    /// The heading.
    pub heading: String,
    /// A sub-part's heading running in before the paragraph.
    pub run_in: String,
    /// The paragraph.
    pub text: String,
    /// The warnings about the figures it writes.
    pub warnings: Vec<WarningView>,
}

/// The 年度报告 page.
#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportPage {
    /// Around it.
    pub layout: Layout,
    /// The year.
    pub year: i32,
    /// The years offered (year, link, chosen).
    pub years: Vec<(i32, String, bool)>,
    /// The report's title.
    pub title: String,
    /// Its headings and paragraphs.
    pub blocks: Vec<ReportBlock>,
    /// How many warnings there are.
    pub warnings: usize,
    /// The warnings no paragraph is the place of.
    pub unplaced: Vec<WarningView>,
    /// Shortcomings the modules suggest.
    pub suggestions: Vec<String>,
    /// The audit log's head it was made at.
    pub audit_head: String,
    /// The Word file's link.
    pub docx: String,
}

/// A workflow instance in the list.
pub struct FlowRow {
    /// Its page.
    pub href: String,
    /// Its id.
    pub id: String,
    /// The workflow's name.
    pub workflow: String,
    /// The dossier's title.
    pub title: String,
    /// When it started.
    pub started: String,
    /// Steps done of those that apply.
    pub progress: String,
    /// Whether it is finished.
    pub finished: bool,
    /// The open steps' names.
    pub open: String,
    /// Whether a review gate blocks it.
    pub blocked: bool,
}

/// The 程序 page.
#[derive(Template)]
#[template(path = "flows.html")]
pub struct FlowsPage {
    /// Around it.
    pub layout: Layout,
    /// The instances.
    pub rows: Vec<FlowRow>,
}

/// A step of an instance.
pub struct StepView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `done`, `open`, `waiting`, `blocked` or `skipped`.
    pub state: &'static str,
    /// The state as shown.
    pub state_label: &'static str,
    /// When done, what it waits for, which gate blocks it.
    pub detail: String,
    /// Its assignee.
    pub who: String,
    /// Its earliest day, explained.
    pub not_before: String,
    /// Its deadline, explained.
    pub deadline: String,
    /// A review gate's findings.
    pub findings: Vec<String>,
    /// Where its completion posts, if the person may complete it.
    pub action: Option<String>,
}

/// An instance's page.
#[derive(Template)]
#[template(path = "flow.html")]
pub struct FlowPage {
    /// Around it.
    pub layout: Layout,
    /// Its id.
    pub id: String,
    /// The workflow's name.
    pub workflow: String,
    /// The dossier's title.
    pub title: String,
    /// When it started.
    pub started: String,
    /// The dossier's file.
    pub dossier: String,
    /// Whether it is finished.
    pub finished: bool,
    /// The graph, as SVG (escaped where it is drawn).
    pub graph: String,
    /// The steps.
    pub steps: Vec<StepView>,
    /// What the last change did.
    pub notice: Option<String>,
    /// Why the last attempt was refused.
    pub error: Option<String>,
    /// The largest evidence file, in MiB.
    pub limit_mb: u32,
}

/// What every county page of a person of the county office shows around its content.
pub struct CountyLayout {
    /// The page's title.
    pub title: String,
    /// Which entry of the navigation is this page: `overview`, `figures`.
    pub active: &'static str,
    /// The county's name.
    pub county: String,
    /// The person's name.
    pub user: String,
    /// The anti-forgery token of the sign-out form.
    pub csrf: String,
    /// Today.
    pub today: String,
}

/// A county server's first page for someone not signed in to the county office: the towns,
/// each to sign in to, and the office's sign-in.
#[derive(Template)]
#[template(path = "county_start.html")]
pub struct CountyStartPage {
    /// The county's name.
    pub county: String,
    /// Each town's name and the address of its pages.
    pub towns: Vec<(String, String)>,
}

/// A town's line of the county's overview.
pub struct TownRow {
    /// The town's name.
    pub name: String,
    /// Its 工作台.
    pub href: String,
    /// The light's style: `red`, `yellow`, `green`, `plain` (unknown).
    pub light: &'static str,
    /// The light in words.
    pub light_label: &'static str,
    /// Overdue tasks, with the link to them.
    pub overdue: (usize, String),
    /// Tasks due soon, with the link to them.
    pub due_soon: (usize, String),
    /// Open tasks, with the link to them.
    pub open: (usize, String),
    /// Legality reviews that blocked a decision this year.
    pub reviews_blocked: usize,
    /// Legality reviews passed this year.
    pub reviews_passed: usize,
    /// Workflow steps near their statutory limit.
    pub near_limit: usize,
    /// Workflow steps past it.
    pub past_limit: usize,
    /// The town's workflow instances.
    pub flows: String,
    /// Where its annual report stands.
    pub report: &'static str,
    /// Why the town could not be read, if it could not.
    pub problem: Option<String>,
}

/// The county's overview: every town's lights.
#[derive(Template)]
#[template(path = "county.html")]
pub struct CountyPage {
    /// Around it.
    pub layout: CountyLayout,
    /// "Soon": within this many days.
    pub within: i64,
    /// The year whose annual reports are followed.
    pub report_year: i32,
    /// Towns with a red light.
    pub red: usize,
    /// With a yellow one.
    pub yellow: usize,
    /// With a green one.
    pub green: usize,
    /// Not read.
    pub unknown: usize,
    /// Every town.
    pub towns: Vec<TownRow>,
}

/// A figure's line of the county's table.
pub struct FigureLine {
    /// The module's title.
    pub module: String,
    /// Whether this is the module's first figure (its title shown).
    pub first: bool,
    /// The figure's name.
    pub figure: String,
    /// Each town's value, as shown (empty: none).
    pub values: Vec<String>,
    /// The county's total, or `—` where figures do not add up.
    pub total: String,
}

/// Every report figure of every town side by side.
#[derive(Template)]
#[template(path = "county_figures.html")]
pub struct CountyFiguresPage {
    /// Around it.
    pub layout: CountyLayout,
    /// The year shown.
    pub year: i32,
    /// The years to choose, with their links, the one shown marked.
    pub years: Vec<(i32, String, bool)>,
    /// The towns, in the columns' order.
    pub towns: Vec<String>,
    /// The figures.
    pub rows: Vec<FigureLine>,
    /// Towns whose report could not be made, and why.
    pub problems: Vec<(String, String)>,
    /// The workbook's address.
    pub xlsx: String,
}
