use fazhi_app::AppError;
use fazhi_core::{Diagnostic, WorkspaceError};
use fazhi_store::StoreError;

use crate::exit_code;

/// Why a command failed, which decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input, usage or configuration (exit 2).
    #[error("{0}")]
    BadInput(String),
    /// Problems found in workspace files, all of them (exit 2).
    #[error("found {} problem(s)", .0.len())]
    Invalid(Vec<Diagnostic>),
    /// The command ran and what it checked failed (exit 1); the report was already printed.
    #[error("{0}")]
    Failed(String),
    /// Anything unexpected (exit 101).
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) | CliError::Invalid(_) => exit_code::BAD_INPUT,
            CliError::Failed(_) => exit_code::FAILURE,
            CliError::Internal(_) => exit_code::INTERNAL,
        }
    }
}

impl From<WorkspaceError> for CliError {
    fn from(err: WorkspaceError) -> Self {
        AppError::from(err).into()
    }
}

impl From<StoreError> for CliError {
    fn from(err: StoreError) -> Self {
        AppError::from(err).into()
    }
}

impl From<AppError> for CliError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::BadInput { message } => CliError::BadInput(message),
            AppError::Invalid { problems } => CliError::Invalid(problems),
            AppError::Failed { message } => CliError::Failed(message),
            internal @ AppError::Internal { .. } => CliError::Internal(anyhow::Error::new(internal)),
        }
    }
}
