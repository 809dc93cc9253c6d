//! Writing a complete synthetic workspace.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::checklist_gen::GenChecklist;
use crate::org_gen::GenOrg;
use crate::{history_gen, instances_gen, ledger_gen, taskwarrior, BenchError, Random, WorkspaceSpec};

/// What was written.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Towns of the organisation.
    pub towns: usize,
    /// Units.
    pub units: usize,
    /// People.
    pub people: usize,
    /// Duties of the checklist.
    pub duties: usize,
    /// Tasks they expand into.
    pub tasks: usize,
    /// Recorded status changes.
    pub changes: usize,
    /// Workflow instances.
    pub instances: usize,
    /// Ledger files: kind, file, rows.
    pub ledger: Vec<(String, PathBuf, usize)>,
}

fn write(path: &Path, text: &str) -> Result<(), BenchError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(BenchError::io(parent))?;
    }
    std::fs::write(path, text).map_err(BenchError::io(path))
}

/// Writes the workspace of `spec` into `out` (created if needed; files of the same names are
/// replaced, nothing else is removed).
pub fn generate(spec: &WorkspaceSpec, out: &Path) -> Result<Generated, BenchError> {
    if !(2024..=2025).contains(&spec.year) {
        return Err(BenchError::Spec(format!(
            "year {} : use 2024 or 2025, so that every deadline stays in the shipped working-day calendar",
            spec.year
        )));
    }
    if spec.today.format("%Y").to_string() != spec.year.to_string() {
        return Err(BenchError::Spec(format!("today {} is not in the year {}", spec.today, spec.year)));
    }
    let year = spec.year;
    let random = Random::new(spec.seed);
    let towns = (spec.tasks / 1000).clamp(1, 1000);
    let org = GenOrg::generate(towns, &mut random.fork(1));
    let organisation = if towns == 1 { org.towns[0].clone() } else { format!("合成省（{towns}个乡镇）") };
    let checklist = GenChecklist::generate(spec.tasks, year, &org, &mut random.fork(2));
    let changes = history_gen::generate(&checklist, spec.today, &mut random.fork(3));
    let instances = instances_gen::generate(spec.instances, year, spec.today, &org, &mut random.fork(4));

    std::fs::create_dir_all(out).map_err(BenchError::io(out))?;
    write(&out.join("org.ron"), &org.ron(&organisation))?;
    write(&out.join(format!("checklist/{year}.ron")), &checklist.ron(year, &org, &organisation))?;
    write(&out.join(format!("history/{year}.ron")), &history_gen::ron(&checklist, &org, &changes, &organisation))?;
    for instance in &instances {
        write(&out.join(&instance.file), &instance.dossier)?;
    }

    let mut config = String::new();
    let _ = writeln!(
        config,
        "// 合成工作区（fazhi-bench gen-workspace，种子 {}）：{} 项任务，{} 条办理记录，{} 个程序实例。",
        spec.seed,
        checklist.tasks.len(),
        changes.len(),
        instances.len()
    );
    let _ = writeln!(
        config,
        "(\n    organisation: \"{organisation}人民政府\",\n    year: {year},\n    time_zone: \"Asia/Shanghai\",\n    history: [\"history/{year}.ron\"],"
    );
    // The idle job fires once, in 2099: the daemon sleeps in between.
    let cron = spec.reminders_cron.as_deref().or(spec.idle_job.then_some("0 0 8 1 1 * 2099"));
    if let Some(cron) = cron {
        let _ =
            writeln!(config, "    jobs: [\n        (name: \"reminders\", cron: \"{cron}\", kind: Reminders),\n    ],");
    }
    for field in &spec.config_fields {
        let _ = writeln!(config, "    {field},");
    }
    if !instances.is_empty() {
        config.push_str("    instances: [\n");
        for instance in &instances {
            config.push_str(&instance.entry);
        }
        config.push_str("    ],\n");
    }
    config.push_str(")\n");
    write(&out.join(fazhi_core::WORKSPACE_FILE), &config)?;

    let ledger = if spec.ledger_rows > 0 {
        let kinds = ledger_gen::stock_kinds()?;
        ledger_gen::write_csvs(&kinds, spec.ledger_rows, year, &out.join("ledger"), &random.fork(5))?
    } else {
        Vec::new()
    };

    if let Some(path) = &spec.taskwarrior {
        // The tasks exactly as fazhi computes them (relative deadlines included).
        let workspace = fazhi_core::Workspace::load(out)?;
        let states = history_gen::states(&checklist, &changes);
        let items = workspace
            .items(&workspace.states_by_number(&states))
            .map_err(|err| BenchError::Spec(format!("the generated deadlines leave the calendar: {err}")))?;
        taskwarrior::write(&items, year, spec.taskwarrior_shift_days, spec.seed, path)?;
    }

    Ok(Generated {
        towns,
        units: org.units.len(),
        people: org.people.len(),
        duties: checklist.duties.len(),
        tasks: checklist.tasks.len(),
        changes: changes.len(),
        instances: instances.len(),
        ledger,
    })
}
