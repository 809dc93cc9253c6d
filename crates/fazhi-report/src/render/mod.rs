//! The renderers of a [`Document`](crate::Document): Markdown, a printable HTML page and a Word
//! file in the layout of GB/T 9704 (党政机关公文格式).

mod docx;
mod html;
mod markdown;

pub use docx::render_docx;
pub use html::render_html;
pub use markdown::render_markdown;

/// The title of the appendix that lists the suggestions drawn from the ledger (Markdown and
/// HTML only; the Word file leaves them out).
const SUGGESTIONS_TITLE: &str = "附：根据台账数据提示的不足（供参考，不属于报告正文）";

/// The line that carries the audit log's head (HTML and Word): what it is and how to check it.
fn audit_head_line(head: &str) -> String {
    format!("审计日志头：{head}（制作本报告时的工作记录；核验命令：fazhi audit verify --head {head}）")
}
