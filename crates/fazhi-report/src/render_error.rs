use thiserror::Error;

/// A failure to render a report.
#[derive(Debug, Error)]
pub enum RenderError {
    /// The Word file could not be packed into its ZIP container.
    #[error("cannot pack the Word (DOCX) file")]
    DocxPack {
        /// What docx-rs reported.
        #[source]
        source: docx_rs::DocxError,
    },
}
