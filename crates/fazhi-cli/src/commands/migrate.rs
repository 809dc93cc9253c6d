use clap::Args;
use fazhi_app::{SessionOptions, StateLocation};
use fazhi_core::tr;

use super::print_json;
use crate::{CliError, Context};

/// `fazhi migrate --to postgres://…`: the town's state moved to a county's PostgreSQL server.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The PostgreSQL database to copy the state into (`postgres://user:password@host/database`,
    /// a Unix socket's folder percent-encoded as the host); default: FAZHI_DATABASE_URL, else
    /// the `database:` of the county.ron above that names this town.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// The town's schema in that database (default: the workspace folder's name, made one).
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
}

/// Copies the state, verifies the copy, and says both audit heads.
pub fn run(context: &Context, args: &MigrateArgs) -> Result<(), CliError> {
    let county = match (&args.to, context.database()) {
        (None, None) => fazhi_core::CountyConfig::database_for(&context.root()?)?,
        _ => None,
    };
    let url = match &args.to {
        Some(url) => url.clone(),
        None => context.database().map(str::to_string).or(county).ok_or_else(|| {
            CliError::BadInput(tr!(
                "name the PostgreSQL database with --to postgres://… (or FAZHI_DATABASE_URL)",
                "请用 --to postgres://…（或环境变量 FAZHI_DATABASE_URL）指定 PostgreSQL 数据库"
            ))
        })?,
    };
    let session = context.sqlite_read_session()?;
    // The schema the workspace would open on that database.
    let target = SessionOptions { database: Some(url.clone()), ..SessionOptions::default() };
    let schema = match (&args.schema, StateLocation::of(session.workspace(), &target)?) {
        (Some(schema), _) => schema.clone(),
        (None, StateLocation::Postgres { schema, .. }) => schema,
        (None, StateLocation::Sqlite(_)) => unreachable!("a database was given"),
    };
    let moved = session.move_to_postgres(&url, &schema)?;
    if context.json {
        print_json(&moved)?;
    } else {
        let (rows, files, database) = (moved.rows, moved.evidence_files, &moved.database);
        out!(
            "{}",
            tr!(
                "copied {rows} rows and {files} evidence file(s) into {database}",
                "已把 {rows} 行记录和 {files} 个佐证文件复制到 {database}"
            )
        );
        let (source, copy) = (&moved.source_head, &moved.copy_head);
        out!("{}", tr!("  audit head of the state: {source}", "  原状态的审计链头：{source}"));
        out!("{}", tr!("  audit head of the copy:  {copy}", "  副本的审计链头：  {copy}"));
        for problem in &moved.problems {
            out!("{problem}");
        }
    }
    if moved.is_whole() {
        if context.json {
            return Ok(());
        }
        out!(
            "{}",
            tr!(
                "the copy verifies: hash chain, triggers and task states, with the same head",
                "副本核对无误：哈希链、触发器和任务状态一致，链头相同"
            )
        );
        Ok(())
    } else {
        Err(CliError::Failed(tr!(
            "the copy does not verify with the same head: the state was not moved whole",
            "副本核对不一致或链头不同：状态未完整迁移"
        )))
    }
}
