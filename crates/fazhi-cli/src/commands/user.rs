//! `fazhi user passwd PERSON`: the password a person signs in to the web interface with.

use std::io::{BufRead, IsTerminal};

use clap::{Args, Subcommand};

use crate::{CliError, Context};

/// `fazhi user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Set the password PERSON signs in to `fazhi web` with (stored as an argon2id hash).
    Passwd(PasswdArgs),
}

/// `fazhi user passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// The person (id or name from org.ron).
    pub person: String,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `fazhi user …`
pub fn run(context: &Context, command: &UserCommand) -> Result<(), CliError> {
    match command {
        UserCommand::Passwd(args) => passwd(context, args),
    }
}

fn passwd(context: &Context, args: &PasswdArgs) -> Result<(), CliError> {
    let mut session = context.session()?;
    let person = session
        .workspace()
        .org
        .person(&args.person)
        .cloned()
        .ok_or_else(|| CliError::BadInput(fazhi_core::unknown_in_org("person", &args.person)))?;
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(anyhow::Error::from)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::BadInput(tr!(
                "no terminal to prompt on: give the password on standard input with --password-stdin",
                "没有可供输入的终端：请用 --password-stdin 从标准输入给出密码"
            )));
        }
        let (name, id) = (&person.name, &person.id);
        let first = prompt(&tr!("New password for {name} ({id}): ", "{name}（{id}）的新密码："))?;
        let again = prompt(&tr!("Repeat it: ", "再输入一次："))?;
        if first != again {
            return Err(CliError::BadInput(tr!(
                "the two passwords differ; nothing was changed",
                "两次输入的密码不同；未作任何更改"
            )));
        }
        first
    };
    let id = session.set_password(&person.id, &password, None)?;
    if context.json {
        return super::print_json(&serde_json::json!({ "ok": true, "person": id }));
    }
    let name = &person.name;
    println!(
        "{}",
        tr!(
            "password set for {name} ({id}); their other sessions were signed out",
            "已为{name}（{id}）设置密码；其其他会话已退出登录"
        )
    );
    Ok(())
}

fn prompt(text: &str) -> Result<String, CliError> {
    rpassword::prompt_password(text).map_err(|err| CliError::Internal(anyhow::Error::from(err)))
}
