use std::path::PathBuf;

use fazhi_core::{Org, SourceFile};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use serde::Serialize;

use crate::{validation, Params, Step, ValidationProblem, WorkflowOrigin};

/// A validated workflow definition: a directed acyclic graph of steps (petgraph), from one
/// start step to one end step.
///
/// Node `i` of [`Workflow::graph`] is step `i` of [`Workflow::steps`]; an edge `a → b` means
/// `b` comes after `a`.
#[derive(Debug, Clone, Serialize)]
pub struct Workflow {
    /// Short ASCII identifier (e.g. `major_decision`).
    pub id: String,
    /// The workflow's name, in Chinese (e.g. 重大行政决策).
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// The module its open steps belong to in the task list (default: the workflow's id).
    pub module: String,
    /// The dossier kind its instances carry (e.g. `major_decision`); `None`: any.
    pub dossier: Option<String>,
    /// Parameters its guards may use (locally set thresholds).
    pub params: Params,
    /// The steps, in file order.
    pub steps: Vec<Step>,
    /// Where the definition comes from.
    pub origin: WorkflowOrigin,
    /// The file, as shown in messages.
    pub file: PathBuf,
    #[serde(skip)]
    pub(crate) graph: DiGraph<usize, ()>,
    #[serde(skip)]
    pub(crate) order: Vec<usize>,
    #[serde(skip)]
    pub(crate) start: usize,
    #[serde(skip)]
    pub(crate) end: usize,
}

impl Workflow {
    /// Parses and validates a workflow file. With `org`, every step's owner must resolve
    /// against it. Every problem is collected, each with its position.
    pub fn parse(
        source: &SourceFile,
        origin: WorkflowOrigin,
        org: Option<&Org>,
    ) -> Result<Workflow, Vec<ValidationProblem>> {
        validation::validate(source, origin, org)
    }

    /// Reads `source` as a workflow file's text, without validating it (its steps may name steps
    /// left out): for the format examples of the documentation, which a test reads so that they
    /// cannot drift from the format.
    ///
    /// # Errors
    ///
    /// The parse error, at its position.
    pub fn parse_shape(source: &SourceFile) -> Result<(), fazhi_core::Diagnostic> {
        source.parse_ron::<crate::format::WorkflowFile>().map(drop)
    }

    /// The graph of steps: node `i` is step `i`.
    pub fn graph(&self) -> &DiGraph<usize, ()> {
        &self.graph
    }

    /// The index of the step with `id`.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|step| step.id == id)
    }

    /// The step with `id`.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|step| step.id == id)
    }

    /// The start step.
    pub fn start(&self) -> &Step {
        &self.steps[self.start]
    }

    /// The end step.
    pub fn end(&self) -> &Step {
        &self.steps[self.end]
    }

    /// Step indices in a topological order: every step after all its predecessors.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The indices of the steps `i` comes directly after.
    pub fn predecessors(&self, i: usize) -> Vec<usize> {
        self.neighbours(i, Direction::Incoming)
    }

    /// The indices of the steps that come directly after `i`.
    pub fn successors(&self, i: usize) -> Vec<usize> {
        self.neighbours(i, Direction::Outgoing)
    }

    /// Whether step `later` comes (directly or not) after step `earlier`.
    pub fn comes_after(&self, later: usize, earlier: usize) -> bool {
        later != earlier
            && petgraph::algo::has_path_connecting(&self.graph, NodeIndex::new(earlier), NodeIndex::new(later), None)
    }

    /// "名称 (id)" of step `i`.
    pub fn label(&self, i: usize) -> String {
        format!("{} ({})", self.steps[i].name, self.steps[i].id)
    }

    fn neighbours(&self, i: usize, direction: Direction) -> Vec<usize> {
        let mut out: Vec<usize> =
            self.graph.neighbors_directed(NodeIndex::new(i), direction).map(|node| node.index()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
