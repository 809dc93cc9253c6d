//! Drawing a workflow's graph as Mermaid or Graphviz DOT text, optionally coloured by an
//! instance's step states.

use std::fmt::Write as _;

use crate::{GraphFormat, InstanceStatus, Limit, Step, StepKind, StepState, Workflow};

/// Fill colours by step state.
const COLOURS: [(&str, &str); 5] =
    [("done", "#c8e6c9"), ("open", "#fff59d"), ("waiting", "#eeeeee"), ("blocked", "#ffcdd2"), ("skipped", "#ffffff")];

/// The graph of `workflow` in `format`; with `status`, each step is coloured by its state.
pub fn render(workflow: &Workflow, status: Option<&InstanceStatus>, format: GraphFormat) -> String {
    match format {
        GraphFormat::Mermaid => mermaid(workflow, status),
        GraphFormat::Dot => dot(workflow, status),
    }
}

/// The lines under a step's name: its timing rules in short Chinese, and "(if it applies)".
fn notes(workflow: &Workflow, step: &Step) -> Vec<String> {
    let mut lines = Vec::new();
    for timing in &step.timing {
        let line = match &timing.limit {
            Limit::NotBefore(period) | Limit::NotAfter(period) => {
                let from = match period.from.as_deref().and_then(|id| workflow.step(id)) {
                    Some(from) => from.name.clone(),
                    None => "启动".to_string(),
                };
                let unit = period.counting.unit();
                let limit = if matches!(timing.limit, Limit::NotBefore(_)) { "不少于" } else { "不超过" };
                format!("{from}后{limit}{}{unit}", period.days)
            }
            Limit::ByDate { month, day } => format!("{month}月{day}日前"),
        };
        lines.push(line);
    }
    if step.guard.is_some() {
        lines.push("（符合条件时）".to_string());
    }
    lines
}

fn state_of<'s>(status: Option<&'s InstanceStatus>, step: &Step) -> Option<&'s StepState> {
    status.and_then(|status| status.step(&step.id)).map(|s| &s.state)
}

fn mermaid(workflow: &Workflow, status: Option<&InstanceStatus>) -> String {
    let escape = |text: &str| text.replace('"', "#quot;");
    let mut out = String::new();
    let title = match status {
        Some(status) => format!("{} {}", workflow.name, status.id),
        None => workflow.name.clone(),
    };
    writeln!(out, "---\ntitle: \"{}\"\n---", escape(&title)).expect("writing to a String");
    out.push_str("flowchart TD\n");
    for (i, step) in workflow.steps.iter().enumerate() {
        let mut label = escape(&step.name);
        for note in notes(workflow, step) {
            label.push_str("<br/>");
            label.push_str(&escape(&note));
        }
        let (open, close) = match step.kind {
            StepKind::Task => ("[\"", "\"]"),
            StepKind::ReviewGate => ("{{\"", "\"}}"),
            StepKind::Decision => ("{\"", "\"}"),
            StepKind::Publication => ("[/\"", "\"/]"),
            StepKind::Archive => ("[(\"", "\")]"),
        };
        writeln!(out, "    s{i}{open}{label}{close}").expect("writing to a String");
    }
    for (i, _) in workflow.steps.iter().enumerate() {
        for succ in workflow.successors(i) {
            writeln!(out, "    s{i} --> s{succ}").expect("writing to a String");
        }
    }
    let guarded: Vec<String> =
        workflow.steps.iter().enumerate().filter(|(_, s)| s.guard.is_some()).map(|(i, _)| format!("s{i}")).collect();
    if !guarded.is_empty() {
        out.push_str("    classDef guarded stroke-dasharray: 5 5\n");
        writeln!(out, "    class {} guarded", guarded.join(",")).expect("writing to a String");
    }
    if status.is_some() {
        for (state, colour) in COLOURS {
            let members: Vec<String> = workflow
                .steps
                .iter()
                .enumerate()
                .filter(|(_, step)| state_of(status, step).is_some_and(|s| s.as_str() == state))
                .map(|(i, _)| format!("s{i}"))
                .collect();
            if members.is_empty() {
                continue;
            }
            let extra = if state == "skipped" { ",color:#999999" } else { "" };
            writeln!(out, "    classDef {state} fill:{colour}{extra}").expect("writing to a String");
            writeln!(out, "    class {} {state}", members.join(",")).expect("writing to a String");
        }
    }
    out
}

fn dot(workflow: &Workflow, status: Option<&InstanceStatus>) -> String {
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::new();
    let title = match status {
        Some(status) => format!("{} {}", workflow.name, status.id),
        None => workflow.name.clone(),
    };
    writeln!(out, "digraph {} {{", quote(&workflow.id)).expect("writing to a String");
    writeln!(out, "    label={};", quote(&title)).expect("writing to a String");
    out.push_str("    labelloc=t;\n    rankdir=TB;\n");
    out.push_str(
        "    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Noto Sans CJK SC\"];\n",
    );
    out.push_str("    edge [fontname=\"Noto Sans CJK SC\"];\n");
    for step in &workflow.steps {
        let mut label = step.name.clone();
        for note in notes(workflow, step) {
            label.push('\n');
            label.push_str(&note);
        }
        let shape = match step.kind {
            StepKind::Task => "box",
            StepKind::ReviewGate => "hexagon",
            StepKind::Decision => "diamond",
            StepKind::Publication => "parallelogram",
            StepKind::Archive => "cylinder",
        };
        let mut style = if step.kind == StepKind::Task { "rounded,filled".to_string() } else { "filled".to_string() };
        if step.guard.is_some() {
            style.push_str(",dashed");
        }
        let mut attributes = vec![
            format!("label={}", quote(&label).replace('\n', "\\n")),
            format!("shape={shape}"),
            format!("style={}", quote(&style)),
        ];
        if let Some(state) = state_of(status, step) {
            let colour = COLOURS.iter().find(|(name, _)| *name == state.as_str()).map_or("#ffffff", |(_, c)| c);
            attributes.push(format!("fillcolor={}", quote(colour)));
            if *state == StepState::Skipped {
                attributes.push("fontcolor=\"#999999\"".to_string());
            }
            attributes.push(format!("tooltip={}", quote(state.as_str())));
        }
        writeln!(out, "    {} [{}];", quote(&step.id), attributes.join(", ")).expect("writing to a String");
    }
    for (i, step) in workflow.steps.iter().enumerate() {
        for succ in workflow.successors(i) {
            writeln!(out, "    {} -> {};", quote(&step.id), quote(&workflow.steps[succ].id))
                .expect("writing to a String");
        }
    }
    out.push_str("}\n");
    out
}
