//! The `oversight` command: parse the configuration, set up logging, run one command.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use oversight::config::{Cli, Command, DbArgs, ServeArgs};
use oversight::{db, demo, serve};
use tracing_subscriber::EnvFilter;

/// mimalloc instead of the system allocator: a page allocates and frees many small strings,
/// and glibc's allocator spent a tenth of the server's time on them under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("oversight=info,tower_http=info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("oversight: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => serve::run(ServeArgs::from_env()).await,
        Some(Command::Serve(args)) => serve::run(args).await,
        Some(Command::Demo(args)) => {
            with_database(&args.db, |pool| async move {
                let summary = demo::load(
                    &pool,
                    &demo::DemoOptions {
                        seed: args.seed,
                        synthetic: args.synthetic,
                    },
                )
                .await?;
                println!("{summary}");
                Ok(())
            })
            .await
        }
        Some(Command::Generate(args)) => {
            with_database(&args.db, |pool| async move {
                let summary = demo::generate::generate(&pool, args.cases, args.seed).await?;
                println!("{summary}");
                Ok(())
            })
            .await
        }
        Some(Command::Import(args)) => {
            let json = std::fs::read_to_string(&args.file)
                .with_context(|| format!("reading {}", args.file.display()))?;
            let file = oversight::web::import::parse(&json)?;
            with_database(&args.db, |pool| async move {
                match oversight::web::import::import(&pool, &file).await {
                    Ok(ids) => {
                        println!("Imported {} cases.", ids.len());
                        Ok(())
                    }
                    Err(e) => anyhow::bail!("{e}. Nothing was imported."),
                }
            })
            .await
        }
        Some(Command::VerifyAudit(args)) => {
            with_database(&args, |pool| async move {
                let report = oversight::db::audit::verify(&pool).await?;
                if report.broken.is_empty() {
                    println!(
                        "Audit trail intact: {} events in {} chains checked.",
                        report.events, report.chains
                    );
                    Ok(())
                } else {
                    for link in &report.broken {
                        println!("Broken: {link}");
                    }
                    anyhow::bail!(
                        "{} of {} audit chains are broken",
                        report.broken.len(),
                        report.chains
                    )
                }
            })
            .await
        }
    }
}

/// Opens the database (starting the embedded cluster if needed), runs `work`, and stops the
/// cluster again if this command started it (a running service keeps its cluster).
async fn with_database<F, Fut>(args: &DbArgs, work: F) -> anyhow::Result<()>
where
    F: FnOnce(sqlx::PgPool) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let database = db::open(args).await?;
    let outcome = work(database.pool.clone()).await;
    database.pool.close().await;
    if let Some(cluster) = database.cluster.filter(|_| database.started_here) {
        tokio::task::spawn_blocking(move || cluster.stop()).await??;
    }
    outcome
}
