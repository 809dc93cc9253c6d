//! Digests: one message per recipient per run, the recipient's items grouped by urgency.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use fazhi_core::escape_html as escape;

use chrono::NaiveDate;
use fazhi_core::{Diagnostic, Person, Workspace};

use crate::plan::{NoticeKind, Plan, PlanProblem, PlannedNotice, Recipient, Urgency};

/// Everything one person is told in one run.
#[derive(Debug, Clone)]
pub struct Digest<'a> {
    /// The recipient.
    pub recipient: &'a Person,
    /// The notices, most urgent first, then by deadline and item id.
    pub notices: Vec<PlannedNotice<'a>>,
    /// The head of the audit log to name (`SEQ:HASH`, as `fazhi audit head` prints it): the
    /// weekly digest to unit leaders carries it, so that a copy of it is kept outside the
    /// workspace, in their mail.
    pub audit_head: Option<String>,
    /// The problems of the checklist files left out of this run ([`Workspace::left_out`]), in
    /// the digest of whoever keeps the checklists ([`checklist_keepers`]): a 【配置错误】 section.
    pub config_errors: Vec<&'a Diagnostic>,
}

/// The role of whoever keeps the checklists, told in their digest when a checklist file is
/// broken.
pub const CHECKLIST_KEEPER_ROLE: &str = "党政办主任";

/// Who keeps the checklists, by their index among the people of org.ron: the holders of the
/// role 党政办主任 (under the town's own title if fazhi.ron maps it), else the leader of the
/// unit named 党政办, else the leader of the first unit that has one.
pub fn checklist_keepers(workspace: &Workspace) -> Vec<usize> {
    let org = &workspace.org;
    let holders: Vec<usize> =
        (0..org.people.len()).filter(|&i| org.holds(&org.people[i], CHECKLIST_KEEPER_ROLE)).collect();
    if !holders.is_empty() {
        return holders;
    }
    let leader = org
        .units
        .iter()
        .find(|unit| unit.name == "党政办" && unit.leader.is_some())
        .or_else(|| org.units.iter().find(|unit| unit.leader.is_some()))
        .and_then(|unit| unit.leader.as_deref());
    leader.and_then(|id| org.people.iter().position(|person| person.id == id)).into_iter().collect()
}

/// Groups `plan`'s notices by recipient, in the order of the people in `org.ron`. A recipient
/// who is not a person of the organisation is reported as a problem. When checklist files were
/// left out, whoever keeps the checklists gets a digest naming them, with or without notices.
pub fn digests<'a>(plan: &Plan<'a>, workspace: &'a Workspace) -> (Vec<Digest<'a>>, Vec<PlanProblem>) {
    let order: HashMap<&str, usize> =
        workspace.org.people.iter().enumerate().map(|(i, person)| (person.id.as_str(), i)).collect();
    let mut grouped: BTreeMap<usize, Vec<PlannedNotice<'a>>> = BTreeMap::new();
    let mut problems = Vec::new();
    for notice in &plan.notices {
        match order.get(notice.recipient) {
            Some(&index) => grouped.entry(index).or_default().push(*notice),
            None => problems.push(PlanProblem {
                item: notice.item.id.clone(),
                message: format!("recipient \"{}\" is not a person in org.ron", notice.recipient),
            }),
        }
    }
    let keepers = if workspace.left_out().is_empty() { Vec::new() } else { checklist_keepers(workspace) };
    for &keeper in &keepers {
        grouped.entry(keeper).or_default();
    }
    let digests = grouped
        .into_iter()
        .map(|(index, mut notices)| {
            notices.sort_by(|a, b| {
                (a.kind.urgency(), a.item.deadline, &a.item.id, a.kind).cmp(&(
                    b.kind.urgency(),
                    b.item.deadline,
                    &b.item.id,
                    b.kind,
                ))
            });
            let config_errors =
                if keepers.contains(&index) { workspace.left_out().iter().collect() } else { Vec::new() };
            Digest { recipient: &workspace.org.people[index], notices, audit_head: None, config_errors }
        })
        .collect();
    (digests, problems)
}

/// One line of a digest, in words.
struct Line {
    title: String,
    id: String,
    deadline: String,
    unit: String,
    status: &'static str,
    todo: String,
}

impl<'a> Digest<'a> {
    /// The same digest with only the entries marked `true` in `keep`: the notices, then the
    /// configuration errors.
    pub fn only(&self, keep: &[bool]) -> Digest<'a> {
        let notices = self.notices.iter().zip(keep).filter(|(_, keep)| **keep).map(|(notice, _)| *notice).collect();
        let rest = keep.get(self.notices.len()..).unwrap_or_default();
        let config_errors = self.config_errors.iter().zip(rest).filter(|(_, keep)| **keep).map(|(d, _)| *d).collect();
        Digest { recipient: self.recipient, notices, audit_head: self.audit_head.clone(), config_errors }
    }

    /// How many entries it carries: notices and configuration errors.
    pub fn entries(&self) -> usize {
        self.notices.len() + self.config_errors.len()
    }

    /// Whether it carries nothing.
    pub fn is_empty(&self) -> bool {
        self.entries() == 0
    }

    /// The 【配置错误】 lines: each problem of a file left out, in Chinese around fazhi's words.
    fn config_error_lines(&self) -> Vec<String> {
        self.config_errors
            .iter()
            .map(|d| format!("{} 第 {} 行第 {} 列：{}", d.file.display(), d.line, d.column, d.message))
            .collect()
    }

    /// The sentence heading the 【配置错误】 section.
    fn config_error_heading(&self) -> String {
        let mut files: Vec<&std::path::Path> = self.config_errors.iter().map(|d| d.file.as_path()).collect();
        files.sort();
        files.dedup();
        let names: Vec<String> = files.iter().map(|file| file.display().to_string()).collect();
        format!(
            "任务清单文件 {} 有错误，未能读取，其中的任务今天没有提醒任何人。请修正后运行 fazhi check 核对：",
            names.join("、")
        )
    }

    /// How many notices fall in each group.
    pub fn counts(&self) -> [(Urgency, usize); 4] {
        let count = |urgency| self.notices.iter().filter(|n| n.kind.urgency() == urgency).count();
        [Urgency::Overdue, Urgency::Escalated, Urgency::DueToday, Urgency::DueSoon]
            .map(|urgency| (urgency, count(urgency)))
    }

    /// Whether this is the weekly digest of a unit's open items to its leader (the notices of
    /// [`UnitDigestPolicy`](crate::UnitDigestPolicy)) rather than a daily reminder.
    pub fn is_weekly(&self) -> bool {
        self.notices.iter().any(|n| n.role == Recipient::UnitLeader && !matches!(n.kind, NoticeKind::Escalation { .. }))
    }

    /// The closing sentence: how often such a message comes.
    fn footer(&self) -> &'static str {
        if self.is_weekly() {
            "本邮件由 fazhi 自动发送，每周一封，汇总本单位未办结的事项。"
        } else {
            "本邮件由 fazhi 自动发送，每人每天汇总一封。"
        }
    }

    /// The Chinese subject, e.g. `【王团镇人民政府】法治工作提醒（2025-03-25）：逾期 2 项，督办 1 项`;
    /// the weekly digest's is `【…】本单位法治工作周报（…）：…`.
    pub fn subject(&self, workspace: &Workspace, today: NaiveDate) -> String {
        let errors = (!self.config_errors.is_empty()).then(|| format!("配置错误 {} 项", self.config_errors.len()));
        let parts: Vec<String> = errors
            .into_iter()
            .chain(
                self.counts()
                    .iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(urgency, n)| format!("{} {n} 项", urgency.heading())),
            )
            .collect();
        let what = if self.is_weekly() { "本单位法治工作周报" } else { "法治工作提醒" };
        format!("【{}】{what}（{}）：{}", workspace.config.organisation, today.format("%Y-%m-%d"), parts.join("，"))
    }

    fn lines(&self, workspace: &Workspace, urgency: Urgency) -> Vec<Line> {
        self.notices
            .iter()
            .filter(|notice| notice.kind.urgency() == urgency)
            .map(|notice| {
                let item = notice.item;
                let unit = workspace.org.unit(&item.unit).map_or(item.unit.as_str(), |unit| unit.name.as_str());
                let owner = workspace.org.person(&item.owner).map_or(item.owner.as_str(), |p| p.name.as_str());
                let detail = workspace.duty(&item.duty).and_then(|duty| duty.detail.as_deref());
                let status = match notice.kind {
                    NoticeKind::DueSoon { working_days_left } => format!("还有 {working_days_left} 个工作日"),
                    NoticeKind::DueToday => "今日到期".to_string(),
                    NoticeKind::Overdue { working_days_overdue } => format!("已逾期 {working_days_overdue} 个工作日"),
                    NoticeKind::Escalation { working_days_overdue } => {
                        format!("责任人{owner}的事项已逾期 {working_days_overdue} 个工作日")
                    }
                };
                let status = match (notice.role, notice.kind) {
                    (Recipient::UnitLeader, NoticeKind::Escalation { .. }) | (Recipient::Owner, _) => status,
                    (Recipient::UnitLeader, _) => format!("{status}（责任人：{owner}）"),
                };
                let action = match notice.kind {
                    _ if notice.role == Recipient::UnitLeader => "请督促责任人按时办结，并跟进落实情况",
                    NoticeKind::DueSoon { .. } => "请按时推进，完成后登记办结并留存佐证材料",
                    NoticeKind::DueToday => "请于今日办结，并登记办结情况和佐证材料",
                    NoticeKind::Overdue { .. } => "请尽快办结；确需延期的，请说明原因并报党政办",
                    NoticeKind::Escalation { .. } => "请督促责任人尽快办结，并跟进落实情况",
                };
                let todo = match detail {
                    Some(detail) => format!("{status}。要求：{detail}。{action}。"),
                    None => format!("{status}。{action}。"),
                };
                Line {
                    title: item.title.clone(),
                    id: item.id.clone(),
                    deadline: item.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                    unit: unit.to_string(),
                    status: notice.kind.name(),
                    todo,
                }
            })
            .collect()
    }

    /// The sentence naming the audit log's head, if the digest carries one.
    fn audit_head_line(&self) -> Option<String> {
        self.audit_head.as_ref().map(|head| {
            format!(
                "法治工作记录的审计日志头：{head}（截至本邮件生成时）。请留存本邮件，\
                 日后可用 fazhi audit verify --head {head} 核验此前的记录未被改写。"
            )
        })
    }

    /// The plain-text body.
    pub fn text(&self, workspace: &Workspace, today: NaiveDate) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}：", self.recipient.name);
        let _ = writeln!(out);
        let _ = writeln!(out, "截至 {}，您有以下法治政府建设任务需要关注：", today.format("%Y年%-m月%-d日"));
        if !self.config_errors.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "【配置错误】{} 项", self.config_errors.len());
            let _ = writeln!(out, "{}", self.config_error_heading());
            for (n, line) in self.config_error_lines().iter().enumerate() {
                let _ = writeln!(out, "{}. {line}", n + 1);
            }
        }
        for (urgency, count) in self.counts() {
            if count == 0 {
                continue;
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "【{}】{count} 项", urgency.heading());
            for (n, line) in self.lines(workspace, urgency).iter().enumerate() {
                let _ = writeln!(out, "{}. {}（{}）", n + 1, line.title, line.id);
                let _ = writeln!(out, "   完成时限：{}　责任单位：{}", line.deadline, line.unit);
                let _ = writeln!(out, "   {}", line.todo);
            }
        }
        let _ = writeln!(out);
        if let Some(line) = self.audit_head_line() {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "{}", self.footer());
        let _ = writeln!(out, "{}", workspace.config.organisation);
        out
    }

    /// The digest as blocks of a group robot's message: a heading naming the person (with an
    /// `@mobile` when `at_mobile` and org.ron knows the number), then one block per item, in
    /// markdown (`markdown`) or plain text.
    pub fn robot_blocks(&self, workspace: &Workspace, markdown: bool, at_mobile: bool) -> Vec<String> {
        let counts: Vec<String> = self
            .counts()
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(urgency, n)| format!("{} {n} 项", urgency.heading()))
            .collect();
        let mention = match (&self.recipient.mobile, at_mobile) {
            (Some(mobile), true) => format!(" @{mobile}"),
            _ => String::new(),
        };
        let name = &self.recipient.name;
        let mut blocks = vec![if markdown {
            format!("\n**{name}**{mention}：{}\n", counts.join("，"))
        } else {
            format!("\n{name}{mention}：{}\n", counts.join("，"))
        }];
        if !self.config_errors.is_empty() {
            let lines = self.config_error_lines().join("\n");
            let heading = self.config_error_heading();
            blocks.push(if markdown {
                format!("> 【配置错误】{heading}\n> {}\n\n", lines.replace('\n', "\n> "))
            } else {
                format!("【配置错误】{heading}\n{lines}\n")
            });
        }
        for (urgency, count) in self.counts() {
            if count == 0 {
                continue;
            }
            for line in self.lines(workspace, urgency) {
                let heading = urgency.heading();
                blocks.push(if markdown {
                    format!(
                        "> 【{heading}】**{}**（{}）\n> 完成时限：{}　责任单位：{}\n> {}\n\n",
                        line.title, line.id, line.deadline, line.unit, line.todo
                    )
                } else {
                    format!(
                        "【{heading}】{}（{}）\n完成时限：{}　责任单位：{}\n{}\n",
                        line.title, line.id, line.deadline, line.unit, line.todo
                    )
                });
            }
        }
        blocks
    }

    /// The HTML alternative.
    pub fn html(&self, workspace: &Workspace, today: NaiveDate) -> String {
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
        out.push_str(&escape(&self.subject(workspace, today)));
        out.push_str("</title></head><body>\n");
        let _ = writeln!(out, "<p>{}：</p>", escape(&self.recipient.name));
        let _ = writeln!(out, "<p>截至 {}，您有以下法治政府建设任务需要关注：</p>", today.format("%Y年%-m月%-d日"));
        if !self.config_errors.is_empty() {
            let _ = writeln!(out, "<h3>配置错误（{} 项）</h3>", self.config_errors.len());
            let _ = writeln!(out, "<p>{}</p>", escape(&self.config_error_heading()));
            out.push_str("<ul>\n");
            for line in self.config_error_lines() {
                let _ = writeln!(out, "<li data-kind=\"config_error\">{}</li>", escape(&line));
            }
            out.push_str("</ul>\n");
        }
        for (urgency, count) in self.counts() {
            if count == 0 {
                continue;
            }
            let _ = writeln!(out, "<h3>{}（{count} 项）</h3>", urgency.heading());
            out.push_str("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n");
            out.push_str("<tr><th>事项</th><th>完成时限</th><th>责任单位</th><th>办理要求</th></tr>\n");
            for line in self.lines(workspace, urgency) {
                let _ = writeln!(
                    out,
                    "<tr data-kind=\"{}\"><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    line.status,
                    escape(&line.title),
                    escape(&line.id),
                    escape(&line.deadline),
                    escape(&line.unit),
                    escape(&line.todo)
                );
            }
            out.push_str("</table>\n");
        }
        if let Some(line) = self.audit_head_line() {
            let _ = writeln!(out, "<p><small>{}</small></p>", escape(&line));
        }
        let _ = writeln!(out, "<p><small>{}{}</small></p>", self.footer(), escape(&workspace.config.organisation));
        out.push_str("</body></html>\n");
        out
    }
}
