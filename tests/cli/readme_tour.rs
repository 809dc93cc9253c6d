//! README.md's "A short tour" runs as it stands: every command of its block, in order, in a
//! scratch folder holding a copy of the example (`wangtuan-2024`) and what `fazhi init` makes,
//! each exiting as its comment says (`[exit N]`, otherwise 0). So the tour cannot drift from
//! the program.
//!
//! What the test supplies, as a user would have it at hand:
//! - the files the tour reads (人员.xlsx, 任务清单.xlsx, 签到表.pdf, 2027年节假日安排.txt, 工单.xlsx,
//!   巡查.csv), written beside the workspace before the command that reads them;
//! - the head printed by `fazhi audit head`, in place of the example head of `--head`;
//! - a password on standard input for `fazhi user passwd` (`--password-stdin` added: there is no
//!   terminal to prompt on);
//! - for the two long-running commands, `fazhi serve` and `fazhi web`: each is started, must say it
//!   is ready (its jobs and their next firing; listening, and answering a connection) and is then
//!   stopped with SIGTERM, after which it must exit as the comment says; `web` listens on port 0
//!   instead of 8080, so that tests running at once never clash.
//!
//! A line the test does not know how to run (not `fazhi …` or `cd …`) fails it.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::long_running::{drain, run_until_ready, wait_at_most, Outcome};
use crate::support::repo;

/// One command line of the tour.
struct TourLine {
    /// Its line number in README.md.
    number: usize,
    /// The command, without its comment.
    command: String,
    /// The exit code its comment promises.
    exit: i32,
}

/// The lines of the first ```sh block after "## A short tour".
fn tour() -> Vec<TourLine> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("\n## A short tour\n").expect("README.md has a section \"A short tour\"");
    let first_line = readme[..start].lines().count() + 1;
    let mut lines = Vec::new();
    let mut inside = false;
    for (i, line) in readme[start..].lines().enumerate() {
        if !inside {
            inside = line.trim() == "```sh";
            continue;
        }
        if line.trim() == "```" {
            break;
        }
        let (command, comment) = match line.find(" #") {
            Some(at) => (&line[..at], &line[at + 2..]),
            None => (line, ""),
        };
        let command = command.trim();
        if command.is_empty() {
            continue;
        }
        let exit = match comment.find("[exit ") {
            Some(at) => {
                let digits: String = comment[at + 6..].chars().take_while(char::is_ascii_digit).collect();
                digits.parse().unwrap_or_else(|_| panic!("README.md:{}: bad [exit N]", first_line + i))
            }
            None => 0,
        };
        lines.push(TourLine { number: first_line + i, command: command.to_string(), exit });
    }
    assert!(lines.len() > 40, "the tour block was not found whole: {} line(s)", lines.len());
    lines
}

/// `line` split into words as the shell does for the tour's lines: blanks separate, '…' and
/// "…" quote.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (_, c) => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(quote.is_none(), "unbalanced quote in {line}");
    if any {
        words.push(word);
    }
    words
}

/// A workbook whose sheet `sheet` holds `rows` from A1, all text.
fn workbook(path: &Path, sheet: Option<&str>, rows: &[&[&str]]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet();
    if let Some(name) = sheet {
        worksheet.set_name(name).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                worksheet.write_string(i as u32, j as u16, *cell).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

/// Writes the input file `name` into `folder` if the tour reads one of that name; `false` when
/// it is not an input the test knows.
fn write_input(folder: &Path, name: &str) -> bool {
    let path = folder.join(name);
    match name {
        "人员.xlsx" => workbook(
            &path,
            None,
            &[
                &["姓名", "单位/科室", "职务", "邮箱", "手机", "执法证号", "有效期至"],
                &["王芳", "党政办", "科员", "wangfang@example.org", "13900000011", "", ""],
                &["赵敏", "司法所", "法律顾问", "zhaomin@example.org", "", "", ""],
            ],
        ),
        "任务清单.xlsx" => workbook(
            &path,
            None,
            &[
                &["2025年法治政府建设任务清单"],
                &["序号", "工作任务", "责任单位", "责任人", "完成时限", "备注"],
                &["1", "调整法治政府建设领导小组", "党政办", "王芳", "2025年3月31日", ""],
                &["2", "法律顾问审查合同", "司法所", "赵敏", "每月", ""],
                &["3", "开展宪法宣传周活动", "司法所", "孙磊", "2025年12月4日", "孙磊为新进人员"],
            ],
        ),
        "签到表.pdf" => std::fs::write(&path, "%PDF-1.4\n% 学法签到表（扫描件）\n").unwrap(),
        "2027年节假日安排.txt" => std::fs::write(
            &path,
            "国务院办公厅关于2027年部分节假日安排的通知\n\
             一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n\
             二、春节：2月5日（农历除夕、周五）至12日（周五）放假调休，共8天。2月14日（周日）上班。\n",
        )
        .unwrap(),
        "工单.xlsx" => workbook(
            &path,
            Some("台账"),
            &[
                &["工单编号", "受理日期", "问题类别", "村", "诉求内容", "办理状态", "办结日期"],
                &[
                    "NX1234520241230901",
                    "2024-12-30",
                    "环境卫生",
                    "王团村",
                    "村口垃圾清运不及时",
                    "已处理",
                    "2024-12-31",
                ],
            ],
        ),
        "巡查.csv" => std::fs::write(
            &path,
            "序号,巡查日期,巡查类型,巡查队伍,巡查区域,巡查人员,发现问题,处罚对象,罚款金额（元）,拆除羊圈（个）\n\
             1,2024-12-30,禁牧巡查,禁牧队,王团村北山,白彦海、马力,,,,\n",
        )
        .unwrap(),
        _ => return false,
    }
    true
}

fn fazhi(cwd: &Path, args: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fazhi"));
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("FAZHI_LANG", "en")
        .env_remove("FAZHI_SMTP_PASSWORD")
        .env_remove("FAZHI_SMTP_PASSWORD_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs a command to its end, with `input` on standard input; killed after two minutes (a hang).
fn run(mut command: Command, input: &str) -> Outcome {
    let mut child = command.stdin(Stdio::piped()).spawn().expect("run fazhi");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let status = wait_at_most(&mut child, Duration::from_secs(120));
    Outcome {
        code: status.and_then(|status| status.code()),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The web interface answers a connection at the address in `line` (`… http://ADDRESS/ …`).
fn answers(line: &str) -> bool {
    let Some(start) = line.find("http://") else { return false };
    let address = line[start + 7..].split('/').next().unwrap_or_default();
    let Ok(mut stream) = std::net::TcpStream::connect(address) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!("GET /login HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = String::new();
    let _ = stream.read_to_string(&mut reply);
    reply.starts_with("HTTP/1.1 200")
}

#[cfg(unix)]
#[test]
fn the_readme_tour_runs_as_written() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().canonicalize().unwrap();
    crate::support::copy_example(&root.join("wangtuan-2024"));
    let mut cwd: PathBuf = root.clone();
    let mut head: Option<String> = None;
    let mut ran = 0;
    // Every line that exits otherwise than README says, to name them all at once.
    let mut wrong = Vec::new();
    for line in tour() {
        let at = format!("README.md:{}: {}", line.number, line.command);
        let mut args = words(&line.command);
        match args[0].as_str() {
            "cd" => {
                assert_eq!(args.len(), 2, "{at}");
                cwd = cwd.join(&args[1]);
                assert!(cwd.is_dir(), "{at}: no folder {}", cwd.display());
                cwd = cwd.canonicalize().unwrap();
                continue;
            }
            "fazhi" => {
                args.remove(0);
            }
            other => panic!("{at}: the tour runs `fazhi` and `cd` only, not `{other}`"),
        }
        // The files it reads (not those it writes with -o).
        for (i, arg) in args.iter().enumerate() {
            let output = i > 0 && ["-o", "--output"].contains(&args[i - 1].as_str());
            let is_file = [".xlsx", ".csv", ".txt", ".pdf"].iter().any(|ext| arg.ends_with(ext));
            if is_file && !output && !cwd.join(arg).exists() {
                assert!(write_input(&cwd, arg), "{at}: the test has no input file {arg}");
            }
        }
        if let Some(i) = args.iter().position(|arg| arg == "--head") {
            args[i + 1] = head.clone().unwrap_or_else(|| panic!("{at}: `fazhi audit head` runs first"));
        }
        let outcome = match args[0].as_str() {
            "serve" => {
                let (ready, outcome) = run_until_ready(fazhi(&cwd, &args), |line| {
                    line.starts_with("fazhi serve: job reminders (Reminders) next at")
                });
                assert!(ready, "{at}: it never said when its jobs fire\n{}", outcome.render());
                assert!(outcome.stderr.contains("fazhi serve: stopped"), "{at}\n{}", outcome.render());
                outcome
            }
            "web" => {
                let listen = args.iter().position(|arg| arg == "--listen").expect("web --listen ADDRESS");
                args[listen + 1] = "127.0.0.1:0".to_string();
                let (ready, outcome) = run_until_ready(fazhi(&cwd, &args), |line| {
                    line.starts_with("fazhi web: listening on http://") && answers(line)
                });
                assert!(ready, "{at}: it never answered\n{}", outcome.render());
                assert!(outcome.stderr.contains("fazhi web: stopped"), "{at}\n{}", outcome.render());
                outcome
            }
            "user" => {
                args.push("--password-stdin".to_string());
                run(fazhi(&cwd, &args), "tour-password-2025\n")
            }
            _ => run(fazhi(&cwd, &args), ""),
        };
        if outcome.code != Some(line.exit) {
            wrong.push(format!("{at}: expected exit {}\n{}", line.exit, outcome.render()));
        }
        if args == ["audit", "head"] {
            head = outcome.stdout.split_whitespace().next().map(str::to_string);
        }
        ran += 1;
    }
    assert!(
        wrong.is_empty(),
        "{} line(s) of the tour exit otherwise than README.md says:\n\n{}",
        wrong.len(),
        wrong.join("\n\n")
    );
    // What the tour did, seen from outside: the files it wrote and the evidence it got back.
    let town = root.join("my-town");
    assert!(town.join("任务清单-打印.xlsx").is_file());
    assert!(root.join("龙溪镇/fazhi.ron").is_file());
    let example = root.join("wangtuan-2024");
    assert_eq!(
        std::fs::read(example.join("佐证材料/签到表.pdf")).unwrap(),
        std::fs::read(example.join("签到表.pdf")).unwrap()
    );
    for written in ["duties.ics", "2024年报告.docx", "calendar.ron"] {
        assert!(example.join(written).is_file(), "{written}");
    }
    assert!(ran > 50, "{ran} command(s) run");
}

#[test]
fn tour_lines_are_read_with_their_exit_codes() {
    let lines = tour();
    let find = |command: &str| lines.iter().find(|line| line.command == command).unwrap_or_else(|| panic!("{command}"));
    assert_eq!(find("fazhi flow done jc-03 zhengqiu_jieshu").exit, 2);
    assert_eq!(find("fazhi review decisions/wt-2024-jc-03.ron").exit, 1);
    assert_eq!(find("fazhi tasks").exit, 0);
    assert_eq!(
        words("fazhi ledger import patrol 巡查.csv --map '序号=-'"),
        ["fazhi", "ledger", "import", "patrol", "巡查.csv", "--map", "序号=-"]
    );
    assert_eq!(
        words("fazhi task start x --note \"已安排 内容\""),
        ["fazhi", "task", "start", "x", "--note", "已安排 内容"]
    );
}
