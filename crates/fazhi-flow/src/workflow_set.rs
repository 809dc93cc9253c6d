use std::path::{Path, PathBuf};

use fazhi_core::{Org, SourceFile, Workspace};

use crate::stock::STOCK_FILES;
use crate::{FlowError, ValidationError, ValidationProblem, Workflow, WorkflowOrigin};

/// The workflows a workspace can run: the stock ones, plus the workspace's own `workflows/*.ron`,
/// where a workflow with a stock workflow's id replaces it.
#[derive(Debug, Clone, Default)]
pub struct WorkflowSet {
    workflows: Vec<Workflow>,
}

impl WorkflowSet {
    /// The stock workflows alone, validated without an organisation (owners are not resolved).
    pub fn stock() -> Result<WorkflowSet, FlowError> {
        WorkflowSet::assemble(Vec::new(), None)
    }

    /// The stock workflows and the workspace's `workflows/*.ron`, every one validated against
    /// the workspace's org.ron. Every problem of every file is collected.
    pub fn load(workspace: &Workspace) -> Result<WorkflowSet, FlowError> {
        WorkflowSet::load_from(&workspace.root, &workspace.org)
    }

    /// Like [`WorkflowSet::load`], for the workspace folder `root` and its organisation `org`.
    pub fn load_from(root: &Path, org: &Org) -> Result<WorkflowSet, FlowError> {
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for read in SourceFile::read_folder(root, "workflows", "ron") {
            match read {
                Ok(source) => sources.push(source),
                Err(diagnostic) => {
                    let message = diagnostic.message.clone();
                    problems.push(ValidationProblem::at(diagnostic, ValidationError::Syntax { message }));
                }
            }
        }
        match WorkflowSet::assemble(sources, Some(org)) {
            Ok(set) if problems.is_empty() => Ok(set),
            Ok(_) => Err(FlowError::Invalid(problems)),
            Err(FlowError::Invalid(more)) => {
                problems.extend(more);
                Err(FlowError::Invalid(problems))
            }
            Err(other) => Err(other),
        }
    }

    /// Validates the workspace's workflow files `sources` and the stock workflows they do not
    /// replace.
    pub fn assemble(sources: Vec<SourceFile>, org: Option<&Org>) -> Result<WorkflowSet, FlowError> {
        let mut problems: Vec<ValidationProblem> = Vec::new();
        let mut workflows: Vec<Workflow> = Vec::new();
        let mut local_ids: Vec<(String, PathBuf)> = Vec::new();
        for source in &sources {
            // The id, even of an invalid file, so that it still replaces the stock one.
            if let Some(id) = peek_id(source) {
                if let Some((_, other)) = local_ids.iter().find(|(known, _)| *known == id) {
                    let offset = source.find_field(Some("id"), &id, 0).unwrap_or(0);
                    problems.push(ValidationProblem::at(
                        source.diagnostic_at(offset, ""),
                        ValidationError::DuplicateWorkflow { id: id.clone(), other: other.display().to_string() },
                    ));
                    continue;
                }
                local_ids.push((id, source.path.clone()));
            }
            match Workflow::parse(source, WorkflowOrigin::Workspace, org) {
                Ok(workflow) => workflows.push(workflow),
                Err(found) => problems.extend(found),
            }
        }
        for source in stock_sources() {
            if peek_id(&source).is_some_and(|id| local_ids.iter().any(|(known, _)| *known == id)) {
                continue;
            }
            match Workflow::parse(&source, WorkflowOrigin::Stock, org) {
                Ok(workflow) => workflows.push(workflow),
                Err(found) => problems.extend(found),
            }
        }
        if !problems.is_empty() {
            return Err(FlowError::Invalid(problems));
        }
        workflows.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(WorkflowSet { workflows })
    }

    /// The workflow with `id`.
    pub fn get(&self, id: &str) -> Option<&Workflow> {
        self.workflows.iter().find(|workflow| workflow.id == id)
    }

    /// The workflow with `id`, or [`FlowError::UnknownWorkflow`].
    pub fn require(&self, id: &str) -> Result<&Workflow, FlowError> {
        self.get(id).ok_or_else(|| FlowError::UnknownWorkflow {
            id: id.to_string(),
            known: self.workflows.iter().map(|w| w.id.as_str()).collect::<Vec<_>>().join(", "),
        })
    }

    /// Every workflow, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Workflow> {
        self.workflows.iter()
    }

    /// How many workflows there are.
    pub fn len(&self) -> usize {
        self.workflows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.workflows.is_empty()
    }
}

/// The stock workflow files, named `stock:workflows/NAME.ron` in messages.
pub fn stock_sources() -> Vec<SourceFile> {
    STOCK_FILES.iter().map(|(name, text)| SourceFile::new(format!("stock:workflows/{name}"), *text)).collect()
}

/// The workflow's `id`, read without validating anything else.
fn peek_id(source: &SourceFile) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Probe {
        id: String,
    }
    // Unknown fields are ignored here: only the id matters.
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str::<Probe>(&source.text)
        .ok()
        .map(|probe| probe.id)
}
