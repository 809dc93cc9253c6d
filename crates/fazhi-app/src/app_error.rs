use fazhi_core::{Diagnostic, WorkspaceError};
use fazhi_flow::FlowError;
use fazhi_notify::NotifyError;
use fazhi_report::ReportError;
use fazhi_rules::RulesError;
use fazhi_store::StoreError;
use serde::Serialize;

/// Why a job failed: what a front end needs to decide how to answer (the CLI's exit code, a
/// web page's status) and what to show. Serialises as `{"kind": …, "message" | "problems": …}`.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// Bad input, usage or configuration: nothing was changed (the CLI's exit 2).
    #[error("{message}")]
    BadInput {
        /// What is wrong, and where.
        message: String,
    },
    /// Problems found in workspace files, every one with its position (exit 2).
    #[error("found {} problem(s)", problems.len())]
    Invalid {
        /// The problems, each with file, line and column.
        problems: Vec<Diagnostic>,
    },
    /// The job ran and what it checked failed (exit 1).
    #[error("{message}")]
    Failed {
        /// What failed.
        message: String,
    },
    /// Anything unexpected: a database or file system failure (exit 101).
    #[error("{message}")]
    Internal {
        /// What failed.
        message: String,
        /// The underlying error.
        #[serde(skip)]
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl AppError {
    /// A [`AppError::BadInput`] with `message`.
    pub fn bad_input(message: impl Into<String>) -> AppError {
        AppError::BadInput { message: message.into() }
    }

    /// An [`AppError::Internal`] caused by `source`.
    pub fn internal(source: impl std::error::Error + Send + Sync + 'static) -> AppError {
        AppError::Internal { message: source.to_string(), source: Some(Box::new(source)) }
    }

    /// The error in one line of text: the problems joined for [`AppError::Invalid`].
    pub fn describe(&self) -> String {
        match self {
            AppError::Invalid { problems } => problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            other => other.to_string(),
        }
    }
}

impl From<WorkspaceError> for AppError {
    fn from(err: WorkspaceError) -> Self {
        match err {
            WorkspaceError::Invalid(problems) => AppError::Invalid { problems },
            other => AppError::bad_input(other.to_string()),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        if err.is_bad_input() {
            AppError::bad_input(err.to_string())
        } else {
            AppError::internal(err)
        }
    }
}

impl From<RulesError> for AppError {
    /// Rule-pack, script and dossier problems are bad input, each with its position.
    fn from(err: RulesError) -> Self {
        AppError::Invalid { problems: err.diagnostics() }
    }
}

impl From<FlowError> for AppError {
    fn from(err: FlowError) -> Self {
        match err {
            FlowError::Invalid(problems) => {
                AppError::Invalid { problems: problems.iter().map(|problem| problem.diagnostic()).collect() }
            }
            FlowError::Store(err) => err.into(),
            other if other.is_bad_input() => AppError::bad_input(other.to_string()),
            other => AppError::internal(other),
        }
    }
}

impl From<NotifyError> for AppError {
    fn from(err: NotifyError) -> Self {
        match err {
            NotifyError::Store(err) => err.into(),
            other => AppError::bad_input(other.to_string()),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(err: ReportError) -> Self {
        match err {
            ReportError::Rules(err) => err.into(),
            ReportError::Store(err) => err.into(),
            other => AppError::bad_input(other.to_string()),
        }
    }
}
