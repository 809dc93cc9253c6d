use std::fmt;
use std::str::FromStr;

/// The text formats a workflow's graph can be drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Mermaid flowchart (renders in Markdown on most forges).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

impl FromStr for GraphFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mermaid" => Ok(GraphFormat::Mermaid),
            "dot" => Ok(GraphFormat::Dot),
            other => Err(format!("unknown graph format `{other}` (expected mermaid or dot)")),
        }
    }
}

impl fmt::Display for GraphFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GraphFormat::Mermaid => "mermaid",
            GraphFormat::Dot => "dot",
        })
    }
}
