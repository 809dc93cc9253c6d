//! A workspace received from someone else is untrusted input (issue 16): what it may make
//! fazhi read, where secrets may come from, what evidence becomes, and a state that cannot
//! be written.

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use crate::support::{Fixture, Run};

/// The 1-based line of `fazhi.ron` of `ws` holding `needle`.
fn config_line(ws: &Fixture, needle: &str) -> usize {
    let text = std::fs::read_to_string(ws.path().join("fazhi.ron")).unwrap();
    text.lines().position(|line| line.contains(needle)).expect("in fazhi.ron") + 1
}

fn assert_refused(run: &Run, needles: &[&str]) {
    assert_eq!(run.code, 2, "{}", run.render());
    for needle in needles {
        assert!(run.stderr.contains(needle), "{needle:?} not in\n{}", run.render());
    }
}

// ---------------------------------------------------------------------------------------------
// Password files and credentials

#[test]
fn a_password_file_outside_the_workspace_and_the_configuration_folder_is_refused() {
    let ws = Fixture::new("basic");
    ws.add_to_config(
        "    mail: (smtp: \"smtps://mail.example.org\", user: \"fazhi\", password_file: \"/etc/shadow\"),",
    );
    let line = config_line(&ws, "/etc/shadow");
    let run = ws.run(&["check"]);
    assert_refused(&run, &[&format!("fazhi.ron:{line}:"), "/etc/shadow", "password_file"]);
    assert!(ws.run(&["remind"]).code == 2);
}

#[test]
fn a_password_file_in_the_workspace_must_be_private() {
    let ws = Fixture::new("basic");
    ws.add_to_config(
        "    mail: (smtp: \"smtps://mail.example.org\", user: \"fazhi\", password_file: \"smtp-password\"),",
    );
    let file = ws.path().join("smtp-password");
    std::fs::write(&file, "s3cret\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let line = config_line(&ws, "smtp-password");
    let run = ws.run(&["check"]);
    assert_refused(&run, &[&format!("fazhi.ron:{line}:"), "smtp-password", "0640"]);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
}

#[test]
fn a_password_file_linked_out_of_the_workspace_is_refused() {
    let ws = Fixture::new("basic");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret");
    std::fs::write(&secret, "s3cret\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    symlink(&secret, ws.path().join("smtp-password")).unwrap();
    ws.add_to_config(
        "    mail: (smtp: \"smtps://mail.example.org\", user: \"fazhi\", password_file: \"smtp-password\"),",
    );
    let run = ws.run(&["check"]);
    assert_refused(&run, &["smtp-password", secret.to_str().unwrap()]);
}

#[test]
fn a_password_file_named_by_the_user_environment_is_used() {
    let ws = Fixture::new("basic");
    ws.add_to_config("    mail: (smtp: \"smtps://127.0.0.1:1\", user: \"fazhi\"),");
    let mut command = ws.command(&["--today", "2024-11-25", "remind"]);
    command.env("FAZHI_SMTP_PASSWORD_FILE", "/nonexistent/fazhi-password");
    let run = ws.run_command(command);
    assert_refused(&run, &["FAZHI_SMTP_PASSWORD_FILE", "/nonexistent/fazhi-password"]);
}

#[test]
fn credentials_never_go_over_plain_smtp_except_to_a_loopback_address() {
    for (url, refused) in [
        ("smtp://mail.example.org", true),
        ("smtp://mail.example.org:25?tls=opportunistic", true),
        ("smtp://mail.example.org:587?tls=required", false),
        ("smtps://mail.example.org", false),
        ("smtp://127.0.0.1:2525", false),
        ("smtp://localhost", false),
        ("smtp://[::1]:25", false),
    ] {
        let ws = Fixture::new("basic");
        ws.add_to_config(&format!("    mail: (smtp: \"{url}\", user: \"fazhi\"),"));
        let line = config_line(&ws, url);
        // The password from the environment (a user without one is a problem of its own).
        let mut command = ws.command(&["check"]);
        command.env("FAZHI_SMTP_PASSWORD", "geheim");
        let run = ws.run_command(command);
        if refused {
            assert_refused(&run, &[&format!("fazhi.ron:{line}:"), "unencrypted"]);
        } else {
            assert_eq!(run.code, 0, "{url}: {}", run.render());
        }
    }
    // Without a user, plain SMTP to a relay sends no credentials: allowed.
    let ws = Fixture::new("basic");
    ws.add_to_config("    mail: (smtp: \"smtp://mail.example.org\"),");
    assert_eq!(ws.run(&["check"]).code, 0);
}

// ---------------------------------------------------------------------------------------------
// Symbolic links out of the workspace

/// Moves the file `relative` of `ws` out of the workspace and puts a symbolic link to it in its
/// place: the same content, reached from outside. Returns the outside copy.
fn link_out(ws: &Fixture, relative: &str, outside: &Path) -> std::path::PathBuf {
    let inside = ws.path().join(relative);
    let target = outside.join(relative.replace('/', "_"));
    std::fs::rename(&inside, &target).unwrap();
    symlink(&target, &inside).unwrap();
    target
}

#[test]
fn every_workspace_file_linked_out_of_the_workspace_is_refused_naming_the_link() {
    let cases: &[(&str, &str, &[&str])] = &[
        ("basic", "fazhi.ron", &["check"]),
        ("basic", "org.ron", &["check"]),
        ("basic", "checklist/2024.ron", &["check"]),
        ("basic", "history/2024.ron", &["check"]),
        ("report-town", "ledger/hotline.csv", &["check"]),
        ("report-town", "ledger/hotline.csv", &["tasks"]),
        ("report-town", "report/2024.md", &["report", "--year", "2024"]),
        ("report-town", "rules/hotline/report.rhai", &["check"]),
        ("report-town", "rules/hotline/module.ron", &["modules"]),
        ("toy-module", "decisions/cungui-ok.ron", &["check"]),
        ("toy-module", "rules/toy/review-time.rhai", &["review", "decisions/cungui-late.ron"]),
        ("flow-town", "workflows/disclosure_application.ron", &["flow", "workflows"]),
    ];
    for (fixture, relative, args) in cases {
        let ws = Fixture::new(fixture);
        let outside = tempfile::tempdir().unwrap();
        let target = link_out(&ws, relative, outside.path());
        let run = ws.run(args);
        assert_refused(&run, &[relative, target.to_str().unwrap(), "outside the workspace"]);
        assert_eq!(ws.state(), Vec::<u8>::new(), "{fixture} {relative}: no state made");
    }
}

#[test]
fn a_calendar_linked_out_of_the_workspace_is_refused() {
    let ws = Fixture::new("basic");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("calendar.ron");
    std::fs::write(
        &target,
        "(years: [(year: 2027, holidays: [(name: \"元旦\", from: \"2027-01-01\", to: \"2027-01-03\")], workdays: [])])\n",
    )
    .unwrap();
    symlink(&target, ws.path().join("calendar.ron")).unwrap();
    for args in [&["check"][..], &["review", "decisions/none.ron"]] {
        let run = ws.run(args);
        assert_refused(&run, &["calendar.ron", target.to_str().unwrap(), "outside the workspace"]);
    }
}

#[test]
fn a_linked_rule_script_outside_is_not_run() {
    let ws = Fixture::new("toy-module");
    let outside = tempfile::tempdir().unwrap();
    let script = outside.path().join("evil.rhai");
    std::fs::write(&script, "[block(\"EXTERNAL-RULE-RAN\", \"none\")]\n").unwrap();
    symlink(&script, ws.path().join("rules/toy/evil.rhai")).unwrap();
    let run = ws.run(&["check"]);
    assert_refused(&run, &["rules/toy/evil.rhai", script.to_str().unwrap()]);
    let run = ws.run(&["review", "decisions/cungui-ok.ron"]);
    assert_refused(&run, &["rules/toy/evil.rhai", script.to_str().unwrap()]);
    assert!(!run.stdout.contains("EXTERNAL-RULE-RAN"), "{}", run.render());
    // A whole stock module's override linked out of the workspace: refused as well.
    let module = outside.path().join("reminders");
    std::fs::create_dir(&module).unwrap();
    std::fs::write(module.join("module.ron"), "(id: \"reminders\", title: \"外来\")\n").unwrap();
    std::fs::remove_file(ws.path().join("rules/toy/evil.rhai")).unwrap();
    symlink(&module, ws.path().join("rules/reminders")).unwrap();
    let run = ws.run(&["check"]);
    assert_refused(&run, &["rules/reminders", module.to_str().unwrap()]);
}

#[test]
fn a_ledger_file_linked_to_a_secret_is_not_read() {
    let ws = Fixture::new("report-town");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("shadow");
    std::fs::write(&secret, "root:SECRET-HASH-42:19000:0:99999:7:::\n").unwrap();
    std::fs::remove_file(ws.path().join("ledger/hotline.csv")).unwrap();
    symlink(&secret, ws.path().join("ledger/hotline.csv")).unwrap();
    symlink("/etc/shadow", ws.path().join("ledger/sh.csv")).unwrap();
    for args in [&["check"][..], &["tasks"], &["ledger", "import", "rexian_ticket", "ledger/hotline.csv"]] {
        let run = ws.run(args);
        assert_refused(&run, &["ledger/hotline.csv", "outside the workspace"]);
        assert!(!run.render().contains("SECRET-HASH"), "{}", run.render());
    }
    ws.edit("fazhi.ron", "file: \"ledger/hotline.csv\"", "file: \"ledger/sh.csv\"");
    let shadow = std::fs::read_to_string("/etc/shadow").unwrap_or_default();
    let first = shadow.lines().next().unwrap_or("no /etc/shadow here").to_string();
    for args in [&["check"][..], &["ledger", "import", "rexian_ticket", "ledger/sh.csv"]] {
        let run = ws.run(args);
        assert_refused(&run, &["ledger/sh.csv", "/etc/shadow", "outside the workspace"]);
        assert!(!run.render().contains(&first), "{}", run.render());
    }
    assert_eq!(ws.state(), Vec::<u8>::new());
}

#[test]
fn a_path_in_fazhi_ron_that_leaves_the_workspace_is_refused_with_its_position() {
    let ws = Fixture::new("basic");
    ws.edit("fazhi.ron", "history: [\"history/2024.ron\"]", "history: [\"../../../../../etc/hostname\"]");
    let line = config_line(&ws, "etc/hostname");
    let run = ws.run(&["check"]);
    assert_refused(&run, &[&format!("fazhi.ron:{line}:"), "outside the workspace"]);
}

#[test]
fn links_that_stay_inside_the_workspace_are_followed() {
    let ws = Fixture::new("basic");
    std::fs::create_dir(ws.path().join("shared")).unwrap();
    std::fs::rename(ws.path().join("checklist/2024.ron"), ws.path().join("shared/2024.ron")).unwrap();
    symlink("../shared/2024.ron", ws.path().join("checklist/2024.ron")).unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.render());
}

// ---------------------------------------------------------------------------------------------
// Evidence

#[test]
fn evidence_is_kept_owner_only() {
    let ws = Fixture::new("basic");
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("签到表.pdf");
    std::fs::write(&file, "%PDF-1.4 签到\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = ws.run(&["task", "done", "xuefa@2024-11", "--evidence", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.render());
    let folder = ws.path().join(".fazhi/evidence");
    assert_eq!(std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777, 0o700);
    let kept: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].metadata().unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn evidence_that_is_not_a_regular_file_is_refused() {
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let before = ws.state();
    let outside = tempfile::tempdir().unwrap();
    let fifo = outside.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run = ws
        .run_within(&["task", "done", "xuefa@2024-11", "--evidence", fifo.to_str().unwrap()], Duration::from_secs(10))
        .expect("a FIFO as evidence does not block");
    assert_refused(&run, &["not a regular file"]);
    assert!(!run.stderr.contains("does not exist"), "{}", run.render());
    for special in ["/proc/self/environ", "/dev/null", "/proc/self/status"] {
        let run = ws.run(&["task", "done", "xuefa@2024-11", "--evidence", special]);
        assert_refused(&run, &[special]);
    }
    let run = ws
        .run_within(&["flow", "done", "none", "x", "--evidence", fifo.to_str().unwrap()], Duration::from_secs(10))
        .expect("a FIFO as evidence does not block");
    assert_refused(&run, &["not a regular file"]);
    assert_eq!(before, ws.state());
}

#[test]
fn partial_evidence_copies_are_removed_at_the_next_open() {
    let ws = Fixture::new("basic");
    ws.run(&["tasks"]);
    let folder = ws.path().join(".fazhi/evidence");
    std::fs::create_dir_all(&folder).unwrap();
    let leftover = folder.join(".incoming-4194305-0");
    std::fs::write(&leftover, "half a file").unwrap();
    let run = ws.run(&["task", "start", "xuefa@2024-11"]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(!leftover.exists(), "the partial copy of a killed `task done` is removed");
}

// ---------------------------------------------------------------------------------------------
// A state that cannot be written; a file that cannot be written whole

/// Makes `.fazhi/` of `ws` impossible to write for the command `command` will run: as root
/// (who ignores permission bits) by running it as `nobody`, otherwise by taking the write
/// permission away. `None` when neither can be done here.
fn read_only_state(ws: &Fixture, command: &mut std::process::Command) -> Option<()> {
    use std::os::unix::process::CommandExt;
    let state = ws.path().join(".fazhi");
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        // Everyone may read the workspace; only root may write it.
        let walk = walkdir(ws.path());
        for path in walk {
            let mode = if path.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        // SAFETY: setgid/setuid are async-signal-safe and run in the child before exec.
        unsafe {
            command.pre_exec(|| {
                if libc::setgid(65534) != 0 || libc::setuid(65534) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        Some(())
    } else {
        for path in walkdir(&state) {
            let mode = if path.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        Some(())
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = vec![dir.to_path_buf()];
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            paths.extend(walkdir(&entry.path()));
        }
    }
    paths
}

fn restore(ws: &Fixture) {
    for path in walkdir(&ws.path().join(".fazhi")) {
        let mode = if path.is_dir() { 0o755 } else { 0o644 };
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode));
    }
}

#[test]
fn reading_commands_work_on_a_read_only_state() {
    let ws = Fixture::new("report-town");
    assert_eq!(ws.run(&["tasks"]).code, 0);
    let before = ws.state();
    let cases: &[&[&str]] = &[
        &["--today", "2024-12-24", "tasks"],
        &["audit", "verify"],
        &["audit", "log"],
        &["report", "--year", "2024"],
        &["check"],
        &["ledger", "list", "rexian_ticket"],
    ];
    for args in cases {
        let mut command = ws.command(args);
        if read_only_state(&ws, &mut command).is_none() {
            eprintln!("note: cannot make the state read-only here; skipped");
            return;
        }
        let run = ws.run_command(command);
        restore(&ws);
        assert_eq!(run.code, 0, "{args:?}: {}", run.render());
    }
    // Writing is refused, clearly.
    let mut command = ws.command(&["task", "start", "xuefa@2024-11"]);
    read_only_state(&ws, &mut command);
    let run = ws.run_command(command);
    restore(&ws);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("read-only") || run.stderr.contains("readonly"), "{}", run.render());
    assert!(!run.stderr.contains("internal error"), "{}", run.render());
    assert_eq!(before, ws.state());
}

#[test]
fn a_read_only_state_with_history_not_applied_yet_says_so() {
    let ws = Fixture::new("basic");
    assert_eq!(ws.run(&["tasks"]).code, 0);
    std::fs::write(
        ws.path().join("history/2024.ron"),
        std::fs::read_to_string(ws.path().join("history/2024.ron")).unwrap().replacen(
            "[",
            "[\n    (task: \"xianfa-ri@2024\", action: Start, at: \"2024-12-01T09:00\", by: \"sun_li\"),",
            1,
        ),
    )
    .unwrap();
    let mut command = ws.command(&["tasks"]);
    read_only_state(&ws, &mut command);
    let run = ws.run_command(command);
    restore(&ws);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("not applied"), "{}", run.render());
}

#[test]
fn report_output_is_written_whole_or_not_at_all() {
    use std::os::unix::process::CommandExt;
    let ws = Fixture::example("wangtuan-2024");
    // Make the state first, so that only the report is written below.
    assert_eq!(ws.run(&["tasks"]).code, 0);
    let target = ws.path().join("报告.md");
    std::fs::write(&target, "OLD REPORT\n").unwrap();
    let mut command = ws.command(&["report", "--year", "2024", "-o", target.to_str().unwrap()]);
    // SAFETY: setrlimit and signal are async-signal-safe and run in the child before exec.
    unsafe {
        command.pre_exec(|| {
            // A file larger than 8 KB cannot be written: as if the disk filled up half way.
            let limit = libc::rlimit { rlim_cur: 8 * 1024, rlim_max: 8 * 1024 };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let run = ws.run_command(command);
    assert_eq!(run.code, 2, "{}", run.render());
    assert!(run.stderr.contains("报告.md"), "{}", run.render());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "OLD REPORT\n", "the old file is left whole");
    let leftovers: Vec<_> = std::fs::read_dir(ws.path())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().contains("报告.md") && entry.path() != target)
        .collect();
    assert!(leftovers.is_empty(), "no partial file left: {leftovers:?}");
    // Without the limit it is written.
    let run = ws.run(&["report", "--year", "2024", "-o", target.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.render());
    assert!(std::fs::read_to_string(&target).unwrap().len() > 8 * 1024);
}

// ---------------------------------------------------------------------------------------------
// Smaller defects (issue 16, item 10)

#[test]
fn an_unknown_ledger_kind_in_fazhi_ron_has_its_position() {
    let ws = Fixture::new("report-town");
    ws.edit("fazhi.ron", "(kind: \"rexian_ticket\"", "(kind: \"rexian_tickets\"");
    let line = config_line(&ws, "rexian_tickets");
    let before = ws.state();
    for args in [&["check"][..], &["tasks"]] {
        let run = ws.run(args);
        assert_refused(&run, &[&format!("fazhi.ron:{line}:"), "rexian_tickets"]);
    }
    assert_eq!(before, ws.state());
}

#[test]
fn an_unknown_import_fails_check() {
    let ws = Fixture::new("toy-module");
    std::fs::write(ws.path().join("rules/toy/imports.rhai"), "// 引用不存在的库\nimport \"toy/nothere\" as lib;\n[]\n")
        .unwrap();
    let run = ws.run(&["check"]);
    assert_refused(&run, &["rules/toy/imports.rhai:2:", "toy/nothere"]);
    let run = ws.run(&["modules"]);
    assert_refused(&run, &["rules/toy/imports.rhai:2:"]);
}

#[test]
fn a_broken_workflow_file_stops_writing_commands() {
    let ws = Fixture::new("basic");
    std::fs::create_dir(ws.path().join("workflows")).unwrap();
    std::fs::write(ws.path().join("workflows/broken.ron"), "(id: \"broken\", name: \n").unwrap();
    assert_eq!(ws.run(&["check"]).code, 2);
    let run = ws.run(&["task", "start", "xuefa@2024-11"]);
    assert_refused(&run, &["workflows/broken.ron:"]);
    assert_eq!(ws.state(), Vec::<u8>::new());
}

#[test]
fn names_with_line_breaks_fail_check() {
    let ws = Fixture::new("basic");
    ws.edit("org.ron", "name: \"李强\"", "name: \"李强\\r\\nBcc: x@evil.example\"");
    let run = ws.run(&["check"]);
    assert_refused(&run, &["org.ron:", "li_qiang"]);
    assert_eq!(ws.run(&["--today", "2024-11-25", "remind"]).code, 2);

    let ws = Fixture::new("basic");
    ws.edit("fazhi.ron", "organisation: \"测试镇人民政府\"", "organisation: \"测试镇\\n人民政府\"");
    let run = ws.run(&["check"]);
    assert_refused(&run, &["fazhi.ron:2:", "organisation"]);
}

#[test]
fn remind_fails_when_a_digest_cannot_be_built() {
    let ws = Fixture::new("basic");
    ws.edit("org.ron", "email: \"zhaolei@example.org\"", "email: \"zhao,lei@example.org\"");
    assert_eq!(ws.run(&["check"]).code, 0);
    // zhao_lei has notices on 27 November; the others' digests are sent.
    let run = ws.run(&["--today", "2024-11-27", "remind"]);
    assert_eq!(run.code, 1, "{}", run.render());
    assert!(run.stderr.contains("zhao_lei"), "{}", run.render());
}
