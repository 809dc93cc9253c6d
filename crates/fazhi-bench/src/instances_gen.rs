//! Workflow instances as a workspace records them: an entry of `fazhi.ron`'s `instances` with
//! its dossier in `decisions/` (started once, with its completed steps, when the state is
//! first opened — the way the example records its enforcement case).

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use crate::names::SURNAMES;
use crate::org_gen::GenOrg;
use crate::Random;

/// A generated instance: its `fazhi.ron` entry and its dossier file.
#[derive(Debug, Clone)]
pub struct GenInstance {
    /// The dossier's path relative to the workspace.
    pub file: String,
    /// The dossier's text.
    pub dossier: String,
    /// The entry of `fazhi.ron`'s `instances` list.
    pub entry: String,
}

/// The stock major-decision dossier of the example workspace, used as the template of every
/// generated decision (its id and title replaced).
const DECISION_TEMPLATE: &str = include_str!("../../../examples/wangtuan-2024/decisions/wt-2024-jc-03.ron");

const MATTERS: &[&str] = &["在禁牧封育区违规放牧", "违规占道经营", "未经批准擅自建设", "违规焚烧秸秆", "乱倒建筑垃圾"];
const DECISIONS: &[&str] =
    &["农村生活垃圾治理收费实施方案", "集贸市场改造提升方案", "村庄规划调整方案", "农村饮水安全管护办法"];

/// `count` instances: three in five enforcement cases (filed through the year, investigated
/// and notified when the dates allow), the others major decisions just started.
pub fn generate(count: usize, year: i32, today: NaiveDate, org: &GenOrg, random: &mut Random) -> Vec<GenInstance> {
    let first = NaiveDate::from_ymd_opt(year, 1, 2).expect("2 January");
    let span = (today - first).num_days().max(1) as u64;
    (0..count)
        .map(|n| {
            let town = n % org.towns.len();
            let town_name = &org.towns[town];
            let chief = &org.people[org.town_units(town)[4].people[0]].id; // 综合执法办公室
            let filed = first + Days::new(random.below(span));
            if n % 5 < 3 {
                let (surname, _) = random.pick(SURNAMES);
                let matter = random.pick(MATTERS);
                let id = format!("zf-{year}-{n:05}");
                let file = format!("decisions/{id}.ron");
                let mut dossier = String::new();
                let _ = writeln!(dossier, "// {town_name}一起正在办理的行政处罚案件（合成数据）。");
                let _ = writeln!(
                    dossier,
                    "(\n    kind: \"major_enforcement_decision\",\n    id: \"{town_name}综执罚〔{year}〕{n}号\",\n    title: \"对{surname}某{matter}行为的行政处罚\",\n    stage: \"review\",\n    party: (name: \"{surname}某\", kind: \"person\"),"
                );
                let _ = writeln!(
                    dossier,
                    "    officers: [\n        (name: \"杨帆\", certificate: \"宁执6403240001\", expires: \"2027-06-30\"),\n        (name: \"马力\", certificate: \"宁执6403240002\", expires: \"2026-12-31\"),\n    ],"
                );
                let _ = writeln!(
                    dossier,
                    "    action_date: \"{}\",\n    filing_date: \"{filed}\",\n    penalty: (kinds: [\"fine\"], fine_amount: {}),\n    social_impact: false,",
                    filed - Days::new(2),
                    (1 + random.below(9)) * 500
                );
                let _ = writeln!(
                    dossier,
                    "    whole_process_record: (\n        investigation: true,\n        decision: false,\n        service: false,\n        execution: false,\n        archived: false,\n    ),\n)"
                );
                let mut done = vec![("lian", filed, "经审批立案")];
                for (step, after, note) in [("diaocha", 14, "现场勘验、询问笔录已随卷归档"), ("gaozhi", 19, "已送达《行政处罚事先告知书》")] {
                    let at = filed + Days::new(after);
                    if at < today {
                        done.push((step, at, note));
                    }
                }
                let steps: Vec<String> = done
                    .iter()
                    .map(|(step, at, note)| format!("                (step: \"{step}\", at: \"{at}\", note: \"{note}\"),\n"))
                    .collect();
                let entry = format!(
                    "        (\n            workflow: \"enforcement_case\",\n            id: \"{id}\",\n            data: \"{file}\",\n            started: \"{filed}\",\n            by: \"{chief}\",\n            done: [\n{}            ],\n        ),\n",
                    steps.concat()
                );
                GenInstance { file, dossier, entry }
            } else {
                let id = format!("jc-{year}-{n:05}");
                let file = format!("decisions/{id}.ron");
                let title = format!("{town_name}{}", random.pick(DECISIONS));
                let dossier = DECISION_TEMPLATE
                    .replace("id: \"wt-2024-jc-03\"", &format!("id: \"{id}\""))
                    .replace("title: \"王团镇农村生活垃圾治理收费实施方案\"", &format!("title: \"{title}\""));
                let leader = &org.people[org.town_units(town)[2].people[0]].id; // 党政办
                let entry = format!(
                    "        (workflow: \"major_decision\", id: \"{id}\", data: \"{file}\", started: \"{filed}\", by: \"{leader}\"),\n"
                );
                GenInstance { file, dossier, entry }
            }
        })
        .collect()
}
