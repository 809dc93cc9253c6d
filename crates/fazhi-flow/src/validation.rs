//! Validating a workflow file: its shape, then its graph, timing, guards and owners, every
//! problem collected with its position.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::NaiveDate;
use fazhi_core::{Counting, Org, SourceFile};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, Reversed};

use crate::format::{StepEntry, TimingEntry, WorkflowFile};
use crate::step::resolve;
use crate::{Limit, Period, Step, Timing, ValidationError, ValidationProblem, Workflow, WorkflowOrigin};

/// Places problems in one file.
struct Placer<'s> {
    source: &'s SourceFile,
    problems: Vec<ValidationProblem>,
}

impl Placer<'_> {
    /// Reports `error` at `field: "value"` at or after `from` (the bare literal when `field` is
    /// `None`), falling back to `from`.
    fn at(&mut self, from: usize, field: Option<&str>, value: &str, error: ValidationError) {
        let offset = self.source.find_field(field, value, from).unwrap_or(from);
        self.problems.push(ValidationProblem::at(self.source.diagnostic_at(offset, ""), error));
    }

    /// Reports `error` at the text `needle` at or after `from`, falling back to `from`.
    fn at_text(&mut self, from: usize, needle: &str, error: ValidationError) {
        let offset = self.source.text.get(from..).and_then(|rest| rest.find(needle)).map_or(from, |i| i + from);
        self.problems.push(ValidationProblem::at(self.source.diagnostic_at(offset, ""), error));
    }
}

/// The longest period (or extension) a timing may have, in days: ten years, longer than any
/// statutory time limit of township work. Without a bound a mistyped number of days puts a
/// deadline past the working-day calendar, which fails only when the date is needed.
pub(crate) const LONGEST_PERIOD_DAYS: u32 = 3660;

pub(crate) fn is_identifier(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub(crate) fn validate(
    source: &SourceFile,
    origin: WorkflowOrigin,
    org: Option<&Org>,
) -> Result<Workflow, Vec<ValidationProblem>> {
    let file: WorkflowFile = source.parse_ron().map_err(|diagnostic| {
        let message = diagnostic.message.clone();
        vec![ValidationProblem::at(diagnostic, ValidationError::Syntax { message })]
    })?;
    let mut placer = Placer { source, problems: Vec::new() };
    if !is_identifier(&file.id) {
        placer.at(0, Some("id"), &file.id, ValidationError::BadId { what: "workflow", id: file.id.clone() });
    }

    // Steps, each with the offset of its `id: "…"`; duplicates are reported and dropped.
    let mut cursor = source.text.find("steps").unwrap_or(0);
    let mut seen = HashSet::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut anchors: Vec<usize> = Vec::new();
    for entry in &file.steps {
        let offset = source.find_field(Some("id"), &entry.id, cursor).unwrap_or(cursor);
        cursor = offset + 1;
        if !is_identifier(&entry.id) {
            placer.at(offset, None, &entry.id, ValidationError::BadId { what: "step", id: entry.id.clone() });
        }
        if !seen.insert(entry.id.clone()) {
            placer.at(offset, None, &entry.id, ValidationError::DuplicateStep { id: entry.id.clone() });
            continue;
        }
        for timing in &entry.timing {
            if let TimingEntry::NotBefore { working: true, counting: Some(counting), .. }
            | TimingEntry::NotAfter { working: true, counting: Some(counting), .. } = timing
            {
                if *counting != Counting::WorkingDays {
                    let error = ValidationError::ContradictoryCounting { step: entry.id.clone(), counting: *counting };
                    placer.at_text(offset, "counting", error);
                }
            }
        }
        steps.push(step(entry));
        anchors.push(offset);
    }
    if steps.is_empty() {
        placer.at(0, Some("id"), &file.id, ValidationError::NoSteps { workflow: file.id.clone() });
        return Err(placer.problems);
    }
    let index: HashMap<&str, usize> = steps.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();

    // The graph: node i is step i, an edge for every `after`.
    let mut graph: DiGraph<usize, ()> = DiGraph::with_capacity(steps.len(), steps.len());
    for i in 0..steps.len() {
        graph.add_node(i);
    }
    for (i, step) in steps.iter().enumerate() {
        for before in &step.after {
            match index.get(before.as_str()) {
                Some(&b) => {
                    if graph.find_edge(NodeIndex::new(b), NodeIndex::new(i)).is_none() {
                        graph.add_edge(NodeIndex::new(b), NodeIndex::new(i), ());
                    }
                }
                None => placer.at(
                    anchors[i],
                    None,
                    before,
                    ValidationError::MissingStep { step: step.id.clone(), missing: before.clone() },
                ),
            }
        }
    }

    let mut ends = [None, None];
    for (slot, (which, named, default)) in
        [("start", &file.start, 0), ("end", &file.end, steps.len() - 1)].into_iter().enumerate()
    {
        ends[slot] = match named {
            None => Some(default),
            Some(id) => match index.get(id.as_str()) {
                Some(&i) => Some(i),
                None => {
                    placer.at(0, Some(which), id, ValidationError::UnknownStartOrEnd { which, id: id.clone() });
                    None
                }
            },
        };
    }
    let [start, end] = ends;

    // Cycles: every strongly connected component of more than one step, or a step after itself.
    let mut cyclic = false;
    for component in petgraph::algo::tarjan_scc(&graph) {
        let looped =
            component.len() > 1 || component.first().is_some_and(|&node| graph.find_edge(node, node).is_some());
        if looped {
            cyclic = true;
            let members: HashSet<usize> = component.iter().map(|node| node.index()).collect();
            let cycle = cycle_through(&graph, &members);
            let first = cycle[0];
            placer.problems.push(ValidationProblem::at(
                source.diagnostic_at(anchors[first], ""),
                ValidationError::Cycle { steps: cycle.iter().map(|&i| steps[i].id.clone()).collect() },
            ));
        }
    }

    // Reachability from the start, and of the end.
    if let Some(start) = start {
        let mut reached = vec![false; steps.len()];
        let mut dfs = Dfs::new(&graph, NodeIndex::new(start));
        while let Some(node) = dfs.next(&graph) {
            reached[node.index()] = true;
        }
        for (i, _) in reached.iter().enumerate().filter(|(_, reached)| !**reached) {
            placer.problems.push(ValidationProblem::at(
                source.diagnostic_at(anchors[i], ""),
                ValidationError::Unreachable { step: steps[i].id.clone(), start: steps[start].id.clone() },
            ));
        }
    }
    if let Some(end) = end {
        let mut reaches = vec![false; steps.len()];
        let reversed = Reversed(&graph);
        let mut dfs = Dfs::new(reversed, NodeIndex::new(end));
        while let Some(node) = dfs.next(reversed) {
            reaches[node.index()] = true;
        }
        for (i, _) in reaches.iter().enumerate().filter(|(_, reaches)| !**reaches) {
            placer.problems.push(ValidationProblem::at(
                source.diagnostic_at(anchors[i], ""),
                ValidationError::DeadEnd { step: steps[i].id.clone(), end: steps[end].id.clone() },
            ));
        }
    }

    // Timing anchors, dates, guard parameters, owners.
    let mut timing_ok = true;
    for (i, step) in steps.iter().enumerate() {
        for timing in &step.timing {
            match &timing.limit {
                Limit::NotBefore(Period { from: Some(from), .. })
                | Limit::NotAfter(Period { from: Some(from), .. }) => match index.get(from.as_str()) {
                    None => {
                        timing_ok = false;
                        placer.at(
                            anchors[i],
                            Some("from"),
                            from,
                            ValidationError::UnknownTimingStep { step: step.id.clone(), from: from.clone() },
                        );
                    }
                    Some(&f) if cyclic || f == i || !has_path(&graph, f, i) => {
                        timing_ok = false;
                        if !cyclic {
                            placer.at(
                                anchors[i],
                                Some("from"),
                                from,
                                ValidationError::TimingFromLaterStep { step: step.id.clone(), from: from.clone() },
                            );
                        }
                    }
                    Some(_) => {}
                },
                Limit::ByDate { month, day } if NaiveDate::from_ymd_opt(2024, *month, *day).is_none() => {
                    placer.at_text(
                        anchors[i],
                        "ByDate",
                        ValidationError::BadDate { step: step.id.clone(), month: *month, day: *day },
                    );
                }
                _ => {}
            }
            let Some(period) = timing.limit.period() else { continue };
            for days in std::iter::once(period.days).chain(period.extension.iter().map(|extension| extension.max)) {
                if days > LONGEST_PERIOD_DAYS {
                    timing_ok = false;
                    let error =
                        ValidationError::PeriodTooLong { step: step.id.clone(), days, max: LONGEST_PERIOD_DAYS };
                    placer.at_text(anchors[i], &days.to_string(), error);
                }
            }
            // The steps a deadline's pauses and extension name must come before the step, as
            // `from` must (and a pause must start before it ends).
            let named = period
                .pauses
                .iter()
                .flat_map(|pause| [pause.from.as_str(), pause.to.as_str()])
                .chain(period.extension.iter().map(|extension| extension.step.as_str()));
            for named in named {
                match index.get(named) {
                    None => {
                        timing_ok = false;
                        let error =
                            ValidationError::UnknownTimingStep { step: step.id.clone(), from: named.to_string() };
                        placer.at(anchors[i], None, named, error);
                    }
                    Some(&f) if !cyclic && (f == i || !has_path(&graph, f, i)) => {
                        timing_ok = false;
                        let error =
                            ValidationError::TimingFromLaterStep { step: step.id.clone(), from: named.to_string() };
                        placer.at(anchors[i], None, named, error);
                    }
                    Some(_) => {}
                }
            }
            for pause in &period.pauses {
                if let (Some(&a), Some(&b)) = (index.get(pause.from.as_str()), index.get(pause.to.as_str())) {
                    if !cyclic && (a == b || !has_path(&graph, a, b)) {
                        timing_ok = false;
                        let error = ValidationError::PauseOrder {
                            step: step.id.clone(),
                            from: pause.from.clone(),
                            to: pause.to.clone(),
                        };
                        placer.at(anchors[i], None, &pause.to, error);
                    }
                }
            }
        }
        if let Some(guard) = &step.guard {
            for param in guard.params() {
                if !file.params.contains_key(param) {
                    placer.at(
                        anchors[i],
                        None,
                        param,
                        ValidationError::UnknownParam { step: step.id.clone(), param: param.to_string() },
                    );
                }
            }
        }
        if let Some(org) = org {
            if step.assignee(org).is_none() {
                let owners: Vec<String> = std::iter::once(&step.owner).chain(&step.fallback).cloned().collect();
                debug_assert!(owners.iter().all(|owner| resolve(owner, org).is_none()));
                placer.at(
                    anchors[i],
                    Some("owner"),
                    &step.owner,
                    ValidationError::UnknownOwner { step: step.id.clone(), owners },
                );
            }
        }
    }

    let order: Vec<usize> = match petgraph::algo::toposort(&graph, None) {
        Ok(order) => order.into_iter().map(|node| node.index()).collect(),
        Err(_) => Vec::new(),
    };
    if !cyclic && timing_ok {
        for (i, reason) in impossible_timing(&steps, &index, &graph, &order) {
            placer.at_text(
                anchors[i],
                "NotAfter",
                ValidationError::ImpossibleTiming { step: steps[i].id.clone(), reason },
            );
        }
    }

    if !placer.problems.is_empty() {
        let mut problems = placer.problems;
        problems.sort_by_key(|problem| (problem.line, problem.column));
        return Err(problems);
    }
    Ok(Workflow {
        module: file.module.unwrap_or_else(|| file.id.clone()),
        id: file.id,
        name: file.name,
        description: file.description,
        dossier: file.dossier,
        params: file.params,
        steps,
        origin,
        file: source.path.clone(),
        graph,
        order,
        start: start.unwrap_or(0),
        end: end.unwrap_or(0),
    })
}

fn step(entry: &StepEntry) -> Step {
    let timing = entry
        .timing
        .iter()
        .map(|timing| match timing {
            // A minimum ("not before") is a span that must pass, a lead time unless it says
            // otherwise; a deadline ("not after") in calendar days rolls forward past a holiday.
            TimingEntry::NotBefore { days, working, counting, from, basis } => Timing {
                limit: Limit::NotBefore(Period {
                    days: *days,
                    counting: counting_of(*working, *counting, Counting::LeadTime),
                    from: from.clone(),
                    pauses: Vec::new(),
                    extension: None,
                }),
                basis: basis.clone(),
            },
            TimingEntry::NotAfter { days, working, counting, from, pauses, extension, basis } => Timing {
                limit: Limit::NotAfter(Period {
                    days: *days,
                    counting: counting_of(*working, *counting, Counting::CalendarDays),
                    from: from.clone(),
                    pauses: pauses.clone(),
                    extension: extension.clone(),
                }),
                basis: basis.clone(),
            },
            TimingEntry::ByDate { month, day, basis } => {
                Timing { limit: Limit::ByDate { month: *month, day: *day }, basis: basis.clone() }
            }
        })
        .collect();
    Step {
        id: entry.id.clone(),
        name: entry.name.clone(),
        kind: entry.kind,
        owner: entry.owner.clone(),
        fallback: entry.fallback.clone(),
        after: entry.after.clone(),
        guard: entry.guard.clone(),
        timing,
        basis: entry.basis.clone(),
        detail: entry.detail.clone(),
    }
}

/// `counting` when given, else working days for `working: true`, else `default`. (A
/// `working: true` that contradicts `counting` is reported by validation.)
fn counting_of(working: bool, counting: Option<Counting>, default: Counting) -> Counting {
    match (working, counting) {
        (_, Some(counting)) => counting,
        (true, None) => Counting::WorkingDays,
        (false, None) => default,
    }
}

fn has_path(graph: &DiGraph<usize, ()>, from: usize, to: usize) -> bool {
    petgraph::algo::has_path_connecting(graph, NodeIndex::new(from), NodeIndex::new(to), None)
}

/// A cycle inside a strongly connected component, starting at its first step in file order:
/// the shortest way from that step back to itself.
fn cycle_through(graph: &DiGraph<usize, ()>, members: &HashSet<usize>) -> Vec<usize> {
    let first = *members.iter().min().expect("a component has a step");
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([first]);
    let mut seen = HashSet::from([first]);
    while let Some(node) = queue.pop_front() {
        let mut next: Vec<usize> = graph.neighbors(NodeIndex::new(node)).map(|n| n.index()).collect();
        next.sort_unstable();
        for succ in next.into_iter().filter(|succ| members.contains(succ)) {
            if succ == first {
                let mut path = vec![node];
                let mut at = node;
                while let Some(&p) = parent.get(&at) {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return path;
            }
            if seen.insert(succ) {
                parent.insert(succ, node);
                queue.push_back(succ);
            }
        }
    }
    vec![first]
}

/// Deadlines that the minimum periods before them can never leave room for. The lower bound of
/// the time between two steps is the longest path over the graph (0 per edge) and the
/// `NotBefore` periods; `n` working days last at least `n` calendar days, so a calendar-day
/// deadline is compared with every minimum, a working-day deadline with the working-day ones.
fn impossible_timing(
    steps: &[Step],
    index: &HashMap<&str, usize>,
    graph: &DiGraph<usize, ()>,
    order: &[usize],
) -> Vec<(usize, String)> {
    let n = steps.len();
    let virtual_start = n;
    // Extra edges from NotBefore periods: (from, to, days, working).
    let mut minimums: Vec<(usize, usize, u32, bool)> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        for timing in &step.timing {
            if let Limit::NotBefore(period) = &timing.limit {
                let from = period.from.as_deref().and_then(|id| index.get(id).copied()).unwrap_or(virtual_start);
                minimums.push((from, i, period.days, period.working()));
            }
        }
    }
    let longest = |source: usize| -> (Vec<Option<u64>>, Vec<Option<u64>>) {
        let mut calendar: Vec<Option<u64>> = vec![None; n + 1];
        let mut working: Vec<Option<u64>> = vec![None; n + 1];
        calendar[source] = Some(0);
        working[source] = Some(0);
        let relax = |dist: &mut Vec<Option<u64>>, from: usize, to: usize, weight: u64| {
            if let Some(base) = dist[from] {
                dist[to] = Some(dist[to].map_or(base + weight, |known| known.max(base + weight)));
            }
        };
        for &node in std::iter::once(&virtual_start).chain(order) {
            if node == virtual_start {
                for to in 0..n {
                    relax(&mut calendar, node, to, 0);
                    relax(&mut working, node, to, 0);
                }
            } else {
                for succ in graph.neighbors(NodeIndex::new(node)) {
                    relax(&mut calendar, node, succ.index(), 0);
                    relax(&mut working, node, succ.index(), 0);
                }
            }
            for &(from, to, days, is_working) in minimums.iter().filter(|m| m.0 == node) {
                relax(&mut calendar, from, to, u64::from(days));
                relax(&mut working, from, to, if is_working { u64::from(days) } else { 0 });
            }
        }
        (calendar, working)
    };
    let mut found = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        for timing in &step.timing {
            let Limit::NotAfter(period) = &timing.limit else { continue };
            let from = period.from.as_deref().and_then(|id| index.get(id).copied());
            let (calendar, working) = longest(from.unwrap_or(virtual_start));
            let needed = if period.working() { working[i] } else { calendar[i] };
            let Some(needed) = needed.filter(|needed| *needed > u64::from(period.days)) else { continue };
            let origin = match from {
                Some(f) => format!("\"{}\"", steps[f].id),
                None => "the instance's start".to_string(),
            };
            let unit = if period.working() { "working days" } else { "days" };
            found.push((
                i,
                format!(
                    "it must be done within {} after {origin}, but the minimum periods before it take at least {needed} {unit}",
                    period.length()
                ),
            ));
        }
    }
    found
}
