//! `fazhi --help` in Chinese: the commands' and options' help of [`crate::cli::Cli`] (written in
//! English in the source, as the project's code is) replaced by their Chinese text when the CLI
//! speaks Chinese ([`crate::lang`]). Clap's own words (its usage errors) stay as clap has them.

use clap::{Arg, ArgAction, Command};

/// The Chinese help of a command (by its path, e.g. `flow start`) or of an argument (by the
/// command's path and the argument's id, `flow start:data`; `*:id` for an argument of that id in
/// any command).
const TEXTS: &[(&str, &str)] = &[
    ("", "fazhi：法治政府建设的任务清单、合法性审查、期限提醒和年度报告。"),
    ("*:directory", "在 DIR 中运行（默认从当前目录向上查找工作区）"),
    ("*:today", "把今天当作 DATE（YYYY-MM-DD，工作区时区的 9:00）"),
    ("*:json", "输出机器可读的 JSON，而不是文字"),
    ("*:lang", "输出的语言：zh（中文，默认）或 en（英文）；也可用环境变量 FAZHI_LANG 或 LANG"),
    ("*:help", "显示帮助"),
    ("*:version", "显示版本"),
    ("*:id", "任务编号，如 xuefa-dangwei@2024-03"),
    ("*:note", "随这次变更记下的说明"),
    ("*:evidence", "作为佐证材料保存的文件（复制进工作区的状态，记下 sha256）"),
    ("*:by", "由谁办理（人员编号或姓名）；默认：责任人"),
    ("*:kind", "台账种类"),
    ("*:reason", "原因（记入审计日志）"),
    ("*:row", "行号，如 ledger list 所示的 2024-17"),
    ("*:sheet", "要读的工作表（默认：第一张）"),
    ("*:map", "表头=字段：把 HEADER 列读作 FIELD 列（如 '工作目标=工作任务'），或 HEADER=- 忽略该列（可重复）"),
    ("*:skip_bad", "略去有问题的行（逐行列出），写入其余各行"),
    ("*:dry_run", "只显示将写入的内容，不写任何文件"),
    ("*:year", "年度（默认：fazhi.ron 的年度）"),
    ("*:output", "写入的文件"),
    ("*:file", "文件"),
    ("*:workflow", "程序，如 major_decision"),
    ("*:step", "步骤编号"),
    ("init", "按模板新建工作区：fazhi init --year 2025 --name 龙溪镇"),
    ("init:dir", "要新建的文件夹（可以已存在，但不能已有工作区）；默认：名称"),
    ("init:year", "工作年度（默认：今年）"),
    ("init:name", "乡镇或单位名称，如 龙溪镇（机关名称即 龙溪镇人民政府）"),
    ("check", "读取并校验工作区的每个文件，列出全部问题"),
    ("checklist", "任务清单：从 Excel 或 CSV 导入（import），导出为 Excel（export）"),
    (
        "checklist import",
        "把任务清单（XLSX、XLS 或 CSV，UTF-8 或 GBK：序号、工作任务、责任单位、责任人、完成时限、备注……）读入 \
         checklist/NAME.ron：单位和人员按 org.ron 中的名称，期限按各地的写法（2025年3月31日、3月底、每季度末、长期坚持、\
         立案后90日内），编号自动生成",
    ),
    ("checklist import:file", "表格：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK）"),
    ("checklist import:name", "清单名称：写入 checklist/NAME.ron（默认：取自文件名）"),
    ("checklist import:add_missing", "把 org.ron 中没有的单位和人员加入 org.ron（编号由名称生成）"),
    ("checklist import:module", "没有“所属模块”一栏的任务所属的模块（默认：general）"),
    ("checklist import:year", "清单的年度（默认：fazhi.ron 的年度）：3月底、年底前落在哪一年"),
    ("checklist import:replace", "checklist/NAME.ron 已存在时重新写入"),
    ("checklist export", "把任务清单导出为 XLSX 工作簿，供打印或报送：每项任务的状态、完成日期和佐证材料数（A4 横向）"),
    ("checklist export:output", "要写入的工作簿（.xlsx）"),
    ("org", "机构人员：fazhi org import 人员.xlsx 把人员名单中的单位和人员加入 org.ron"),
    (
        "org import",
        "把人员名单（XLSX、XLS 或 CSV：姓名、单位/科室、职务、邮箱、手机、执法证号、有效期至）中的人员及其单位加入 \
         org.ron；编号由姓名生成",
    ),
    ("org import:file", "人员名单：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GBK）"),
    ("org import:replace", "只按名单重新写入 org.ron（而不是加入）"),
    ("tasks", "列出任务（职责的各期），剩余时间最少的在前"),
    ("tasks:overdue", "只列已过期限的未完成任务"),
    ("tasks:due_within", "只列今天起这段时间内到期的未完成任务，含已逾期的（如 7d、2w）"),
    ("tasks:unit", "只列这个单位的任务（编号或名称）"),
    ("tasks:owner", "只列这个责任人的任务（编号或姓名）"),
    ("tasks:module", "只列这个模块的任务"),
    ("tasks:status", "只列这种状态的任务：todo、doing、done、cancelled 或 overdue（可重复）；默认列未完成的（todo 和 doing）"),
    ("tasks:all", "列出各种状态的任务"),
    ("task", "查看或变更一项任务"),
    ("task show", "查看一项任务：职责、期限、状态和办理经过"),
    ("task start", "开始办理（未开始 → 进行中）"),
    ("task done", "办结（未开始或进行中 → 已完成）"),
    ("task cancel", "取消（未开始或进行中 → 已取消）"),
    ("task reopen", "重新打开已完成或已取消的任务（→ 未开始）"),
    ("task evidence", "把任务的佐证材料按提交时的文件名写出"),
    ("task evidence:output", "写入的文件夹（不存在则新建；已有的文件从不覆盖）"),
    ("audit", "只可追加、哈希链接的审计日志"),
    ("audit log", "按先后列出审计日志：每条的生效时间（所声明的）和实际记录时间"),
    ("audit verify", "重算哈希链，检查保护触发器，由日志重建任务状态；发现问题时逐一列出并以 1 退出"),
    ("audit verify:head", "另行保存的链头（SEQ:HASH，来自 fazhi audit head）：同时证明日志仍延续它"),
    ("audit head", "显示日志的链头（SEQ:HASH），保存在工作区之外：打印、签字"),
    ("calendar", "查询工作日历"),
    ("calendar add", "DATE 之后 N 日（或 N 个工作日）的日期；起始日不计入"),
    ("calendar add:date", "起始日期"),
    ("calendar add:days", "天数"),
    ("calendar add:working", "按工作日计算，而不是按日"),
    ("calendar between", "从 FROM 到 TO 的天数（或工作日数），FROM 当日不计入"),
    ("calendar between:from", "第一天（不计入）"),
    ("calendar between:to", "最后一天"),
    ("calendar between:working", "按工作日计算，而不是按日"),
    ("calendar day", "DATE 是什么日子：工作日、周末、法定节假日或调休上班日"),
    ("calendar day:date", "日期"),
    ("calendar export", "把每项任务的期限写入 iCalendar（.ics）文件，编号稳定"),
    ("calendar export:output", "要写入的 .ics 文件（- 表示标准输出）"),
    ("calendar import", "读入国务院办公厅的节假日安排通知（原文），写入工作区的 calendar.ron，替换该年的暂定日历"),
    ("calendar import:notice", "通知原文，UTF-8 文本文件（《国务院办公厅关于20XX年部分节假日安排的通知》）"),
    ("calendar import:year", "通知所安排的年度（原文未写明时）"),
    ("calendar import:dry_run", "只显示该年的条目，不写任何文件"),
    ("remind", "计划今天的期限提醒，给每个收件人发一份汇总"),
    ("remind:dry_run", "只显示谁会收到什么、为什么；不发送、不记录"),
    ("outbox", "尚未发出的提醒邮件（待发、失败、已放弃）；--retry 立即重发"),
    ("outbox:all", "也列出已发出的（写入发件箱文件夹而未发送的总会列出）"),
    ("outbox:retry", "立即重试每封待发或失败的邮件，不等重试时间"),
    ("outbox:abandoned", "与 --retry 同用：也重试已放弃的邮件（如地址或机器人密钥已改正）"),
    ("serve", "按 fazhi.ron 的计划运行各项作业，直到停止（Ctrl-C、SIGTERM 或 SIGHUP；Windows 上 Ctrl-Break）"),
    ("run-job", "立即运行 fazhi.ron 的一项作业，供系统的 cron 调用"),
    ("run-job:name", "作业在 fazhi.ron 的 jobs 中的名称"),
    ("jobs", "fazhi.ron 的作业及其上次运行和下次触发时间，以及最近的运行"),
    ("jobs:runs", "列出最近多少次运行（最新的在后）"),
    ("review", "审查一份卷宗（合法性审查）：每项意见及其法律依据，以及审查结论"),
    ("review:file", "要审查的卷宗：RON 文件，或以 .json 结尾的 JSON 文件（见 docs/dossiers.md）"),
    ("review:flow", "改为审查这个程序实例的卷宗（最新版本）"),
    ("modules", "列出规则模块（插件）及各自提供的内容"),
    ("ledger", "台账：从 CSV 或 XLSX 导入或手工添加的记录"),
    ("ledger kinds", "列出各模块声明的台账种类，及其字段和每年的行数"),
    ("ledger import", "从 CSV 或 XLSX 文件导入 KIND 的行（KIND FILE），或一次导入多个文件（KIND=FILE KIND=FILE …）：全部导入或全不导入；已导入的行不会重复添加"),
    ("ledger import:files", "台账种类和 CSV（UTF-8 或 GBK）或 XLSX 文件：KIND FILE；或多个文件各写 KIND=FILE，在一个事务中一起导入"),
    ("ledger add", "添加一行 KIND：fazhi ledger add hotline_ticket ticket_no=… received_on=2024-03-01 …"),
    ("ledger add:values", "每个字段写 FIELD=VALUE（字段的编号或名称）"),
    ("ledger list", "按先后列出 KIND 的现行各行，每行带行号和来源"),
    ("ledger list:year", "只列这一年的行"),
    ("ledger list:history", "也列出不再计入的行，各带取代它的是什么：更正、作废或文件的新版本"),
    ("ledger void", "作废 KIND 的一行（按 ledger list 中的行号）：该行留在台账中，不再计入，谁作废、为何作废记入审计日志"),
    ("ledger void:by", "由谁办理（人员编号或姓名）；默认：运行 fazhi 的用户"),
    ("ledger correct", "更正 KIND 一行的字段：fazhi ledger correct training 2024-3 attendees=23 --reason 签到表核对；原行保留，由更正后的新行取代"),
    ("ledger correct:values", "每个要更正的字段写 FIELD=VALUE（字段的编号或名称）"),
    ("ledger correct:by", "由谁办理（人员编号或姓名）；默认：运行 fazhi 的用户"),
    ("report", "年度报告（法治政府建设年度报告），Markdown、HTML 或 Word；--check 核对其中的数字"),
    ("report:year", "报告的年度（默认：工作区的年度）"),
    ("report:format", "输出格式（默认：按 -o 的扩展名，否则 md）"),
    ("report:output", "写入 FILE 而不是标准输出（docx 必须）"),
    ("report:check", "只核对数字：列出每条警告，有警告时以 1 退出"),
    ("flow", "程序：法定程序的各步骤及其关卡，以及程序实例"),
    ("flow workflows", "列出这个工作区可运行的程序：内置的和工作区自己的 workflows/"),
    ("flow list", "列出程序实例"),
    ("flow start", "以卷宗 FILE 为数据，启动 WORKFLOW 的一个实例，编号为 ID"),
    ("flow start:id", "新实例的编号（ASCII 字母、数字、- 和 _）"),
    ("flow start:data", "卷宗（RON，.json 文件为 JSON）：合法性审查所审查的内容"),
    ("flow start:at", "实例开始的日期（默认：今天）"),
    ("flow start:by", "由谁启动（人员编号或姓名）；默认：开始步骤的责任人"),
    ("flow status", "查看一个实例：每个步骤已完成、可办理（及其期限）、等待、受阻或不适用"),
    ("flow status:id", "实例编号"),
    ("flow done", "把实例的一个步骤标为已完成；过早或次序不对时拒绝（说明原因和规定）"),
    ("flow done:id", "实例编号"),
    ("flow done:at", "完成时间：YYYY-MM-DD（按 12:00）或 YYYY-MM-DDTHH:MM；默认：现在"),
    ("flow done:by", "由谁完成（人员编号或姓名）；默认：该步骤的责任人"),
    ("flow reopen", "重新打开已完成的步骤，以改正误标的完成（后续步骤已完成时拒绝）"),
    ("flow reopen:id", "实例编号"),
    ("flow reopen:by", "由谁重新打开（人员编号或姓名）；默认：该步骤的责任人"),
    ("flow data", "记录实例卷宗的新版本（如合法性审查意见已出）"),
    ("flow data:id", "实例编号"),
    ("flow data:file", "新的卷宗文件"),
    ("flow data:by", "由谁记录（人员编号或姓名）"),
    ("flow plan", "WORKFLOW 在 DATE 启动时各步骤最早的合法日期，以及有期限的各步骤的最晚日期（按工作日历）"),
    ("flow plan:start", "实例将启动的日期"),
    ("flow graph", "画出程序的图，或按各步骤状态着色的实例图"),
    ("flow graph:workflow", "程序（与 --instance 二选一）"),
    ("flow graph:instance", "改为画这个实例，按状态着色"),
    ("flow graph:format", "mermaid 或 dot"),
    ("migrate", "把本镇的状态（含审计日志）复制到县里的 PostgreSQL 服务器：fazhi migrate --to postgres://…"),
    ("migrate:to", "复制到的 PostgreSQL 数据库（postgres://用户:密码@主机/数据库；Unix 套接字目录作主机时须百分号编码）；默认：FAZHI_DATABASE_URL"),
    ("migrate:schema", "本镇在该数据库中的 schema（默认：由工作区文件夹名生成）"),
    ("county", "县级对所辖乡镇的总览（county.ron）：fazhi county status、fazhi county report"),
    ("county status", "一次查看每个乡镇：红黄绿灯（逾期为红灯，即将到期为黄灯）、逾期和即将到期的任务、本年合法性审查未通过和通过的件数、临近或超过法定时限的流程步骤、年度报告进度"),
    ("county status:within", "“即将到期”指多少天内"),
    ("county report", "把各乡镇 YEAR 年度报告的全部数据并列汇总，能相加的给出全县合计：Excel 工作簿和 HTML 页面"),
    ("county report:year", "报告年度"),
    ("county report:output", "写入的文件夹（默认：县级文件夹）"),
    ("user", "网页界面的账号：fazhi user passwd PERSON"),
    ("user passwd", "设置 PERSON 登录 fazhi web 的密码（以 argon2id 哈希保存）"),
    ("user passwd:person", "人员（org.ron 中的编号或姓名）"),
    ("user passwd:password_stdin", "从标准输入的第一行读取密码，而不是提示输入"),
    ("web", "提供网页界面（工作台、任务清单、审计），直到停止（Ctrl-C、SIGTERM 或 SIGHUP；Windows 上 Ctrl-Break）"),
    ("web:listen", "监听的地址和端口（默认：fazhi.ron 的 web: (listen: …)，否则 127.0.0.1:8080）"),
];

/// The Chinese text of `key` (a command's path, or `path:arg`), falling back to `*:arg`.
fn text(path: &str, arg: Option<&str>) -> Option<&'static str> {
    let find = |key: &str| TEXTS.iter().find(|(k, _)| *k == key).map(|(_, text)| *text);
    match arg {
        None => find(path),
        Some(arg) => find(&format!("{path}:{arg}")).or_else(|| find(&format!("*:{arg}"))),
    }
}

/// `command` (the root, whose path is `""`) with its help, and every subcommand's, in Chinese.
pub fn localize(command: Command) -> Command {
    localize_at(command, "")
}

fn localize_at(mut command: Command, path: &str) -> Command {
    command = command
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help").short('h').long("help").action(ArgAction::Help).global(path.is_empty()).display_order(999),
        );
    if path.is_empty() {
        command = command
            .disable_version_flag(true)
            .disable_help_subcommand(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version));
    }
    if let Some(about) = text(path, None) {
        command = command.about(about).long_about(None);
    }
    let ids: Vec<String> = command.get_arguments().map(|arg| arg.get_id().to_string()).collect();
    for (order, id) in ids.iter().enumerate() {
        command = command.mut_arg(id, |arg| {
            let heading = if arg.is_positional() { "参数" } else { "选项" };
            // In the order they are declared (a heading of their own would sort them by name);
            // the global options (-C, --today, --json, --lang) after each command's own.
            let order = if arg.is_global_set() { 900 + order } else { order };
            let arg = arg.display_order(order);
            let arg = arg.help_heading(heading);
            match text(path, Some(id)) {
                Some(help) => arg.help(help).long_help(None),
                None => arg,
            }
        });
    }
    let names: Vec<String> = command.get_subcommands().map(|sub| sub.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        command = command.mut_subcommand(&name, |sub| localize_at(sub, &sub_path));
    }
    command
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    /// Every command and argument of the CLI, as `(path, arg id)`.
    fn every(command: &Command, path: &str, out: &mut Vec<(String, Option<String>)>) {
        out.push((path.to_string(), None));
        for arg in command.get_arguments() {
            out.push((path.to_string(), Some(arg.get_id().to_string())));
        }
        for sub in command.get_subcommands() {
            let sub_path =
                if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
            every(sub, &sub_path, out);
        }
    }

    #[test]
    fn every_command_and_option_has_its_chinese_help() {
        let mut all = Vec::new();
        every(&localize(Cli::command()), "", &mut all);
        let missing: Vec<String> = all
            .iter()
            .filter(|(path, arg)| text(path, arg.as_deref()).is_none())
            .map(|(path, arg)| format!("{path}:{}", arg.as_deref().unwrap_or("")))
            .collect();
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }

    #[test]
    fn the_chinese_help_renders_with_chinese_headings() {
        let help = localize(Cli::command()).render_help().to_string();
        assert!(help.starts_with("fazhi：法治政府建设"), "{help}");
        for heading in ["用法：", "命令", "选项", "列出任务"] {
            assert!(help.contains(heading), "{heading} missing in {help}");
        }
        localize(Cli::command()).debug_assert();
    }
}
