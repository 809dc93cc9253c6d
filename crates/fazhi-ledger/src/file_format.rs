use std::path::Path;

/// How a ledger file is read, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileFormat {
    /// `.csv`, `.tsv`, `.txt`: delimited text.
    Text,
    /// `.xlsx`, `.xlsm`.
    Xlsx,
    /// `.xlsb`.
    Xlsb,
    /// `.xls`.
    Xls,
    /// `.ods`.
    Ods,
}

impl FileFormat {
    /// The extensions read, for messages.
    pub(crate) const EXTENSIONS: &'static str = ".csv, .tsv, .txt, .xlsx, .xlsm, .xlsb, .xls or .ods";

    /// The format of `path`, from its extension (any case).
    pub(crate) fn of(path: &Path) -> Option<FileFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "csv" | "tsv" | "txt" => FileFormat::Text,
            "xlsx" | "xlsm" => FileFormat::Xlsx,
            "xlsb" => FileFormat::Xlsb,
            "xls" => FileFormat::Xls,
            "ods" => FileFormat::Ods,
            _ => return None,
        })
    }
}
