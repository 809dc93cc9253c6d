use fazhi_core::{FieldType, LedgerField, LedgerKind};

/// The columns of a 任务清单 as towns keep it in Excel, each with the headers it goes by: what
/// `fazhi checklist import` reads and `fazhi checklist export` writes.
pub(crate) struct ChecklistTable;

/// Field ids of the table, in column order of the export.
pub(crate) const NUMBER: &str = "number";
pub(crate) const ID: &str = "id";
pub(crate) const TITLE: &str = "title";
pub(crate) const DETAIL: &str = "detail";
pub(crate) const BASIS: &str = "basis";
pub(crate) const UNIT: &str = "unit";
pub(crate) const COOPERATING: &str = "cooperating";
pub(crate) const OWNER: &str = "owner";
pub(crate) const DEADLINE: &str = "deadline";
pub(crate) const MODULE: &str = "module";
pub(crate) const FROM: &str = "from";
pub(crate) const UNTIL: &str = "until";
pub(crate) const STATUS: &str = "status";
pub(crate) const COMPLETED: &str = "completed";
pub(crate) const EVIDENCE: &str = "evidence";
pub(crate) const NOTE: &str = "note";

/// (id, header written, other headers read).
pub(crate) const COLUMNS: [(&str, &str, &[&str]); 16] = [
    (NUMBER, "序号", &["编号顺序", "序"]),
    (ID, "任务编号", &["编号", "任务代码", "ID"]),
    (TITLE, "工作任务", &["任务内容", "工作内容", "任务", "任务名称", "工作事项", "重点任务", "事项"]),
    (DETAIL, "具体要求", &["工作要求", "具体内容", "工作措施", "主要措施", "任务要求"]),
    (BASIS, "工作依据", &["依据", "任务来源"]),
    (UNIT, "责任单位", &["牵头单位", "责任部门", "牵头部门", "责任科室", "牵头科室"]),
    (COOPERATING, "配合单位", &["协办单位", "配合部门", "配合科室"]),
    (OWNER, "责任人", &["负责人", "具体责任人"]),
    (DEADLINE, "完成时限", &["时间要求", "完成时间", "时限", "时限要求", "完成期限", "截止时间"]),
    (MODULE, "所属模块", &["模块"]),
    (FROM, "起始日期", &["开始日期"]),
    (UNTIL, "终止日期", &["结束日期"]),
    (STATUS, "完成情况", &["状态", "办理状态", "进展情况"]),
    (COMPLETED, "完成日期", &["办结日期"]),
    (EVIDENCE, "佐证材料", &["佐证材料数", "佐证"]),
    (NOTE, "备注", &["说明"]),
];

impl ChecklistTable {
    /// The table as a kind without a year, for [`fazhi_ledger::read_table`]: every column
    /// optional text, so that each cell is checked (and placed) by the import itself.
    pub(crate) fn kind() -> LedgerKind {
        LedgerKind {
            id: "checklist_table".to_string(),
            name: "任务清单".to_string(),
            date: None,
            fields: COLUMNS
                .iter()
                .map(|(id, label, aliases)| LedgerField {
                    id: id.to_string(),
                    label: label.to_string(),
                    field_type: FieldType::Text,
                    required: false,
                    values: Vec::new(),
                    aliases: aliases.iter().map(|alias| alias.to_string()).collect(),
                })
                .collect(),
        }
    }

    /// The index of field `id` among [`COLUMNS`].
    pub(crate) fn index(id: &str) -> usize {
        COLUMNS.iter().position(|(field, _, _)| *field == id).expect("a column of the table")
    }
}
