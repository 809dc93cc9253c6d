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
    let person = session.workspace().org.person(&args.person).cloned().ok_or_else(|| {
        CliError::BadInput(format!("unknown person \"{}\" (use an id or a name from org.ron)", args.person))
    })?;
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(anyhow::Error::from)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::BadInput(
                "no terminal to prompt on: give the password on standard input with --password-stdin".to_string(),
            ));
        }
        let first = prompt(&format!("New password for {} ({}): ", person.name, person.id))?;
        let again = prompt("Repeat it: ")?;
        if first != again {
            return Err(CliError::BadInput("the two passwords differ; nothing was changed".to_string()));
        }
        first
    };
    let id = session.set_password(&person.id, &password, None)?;
    if context.json {
        return super::print_json(&serde_json::json!({ "ok": true, "person": id }));
    }
    println!("password set for {} ({id}); their other sessions were signed out", person.name);
    Ok(())
}

fn prompt(text: &str) -> Result<String, CliError> {
    rpassword::prompt_password(text).map_err(|err| CliError::Internal(anyhow::Error::from(err)))
}
