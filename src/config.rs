//! Command-line and environment configuration.
//!
//! Every setting has a flag and an environment variable so the same binary runs from a
//! terminal, a service manager or a container without a config file. `DATABASE_URL` switches
//! from the embedded cluster to an existing database.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Oversight: case management for police complaints, conduct matters and death or serious
/// injury matters in England and Wales.
#[derive(Debug, Parser)]
#[command(name = "oversight", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service (the default when no command is given).
    Serve(ServeArgs),
    /// Load the demo data: reference cases, staff accounts and synthetic cases (idempotent).
    Demo(DemoArgs),
    /// Generate synthetic cases for load testing, written with COPY.
    Generate(GenerateArgs),
    /// Check every case's audit hash chain and name the first broken link of each.
    VerifyAudit(DbArgs),
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Directory of the embedded PostgreSQL cluster, used when DATABASE_URL is not set.
    #[arg(long, env = "OVERSIGHT_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Use this existing database instead of the embedded cluster.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Size of each of the process's two connection pools (the main pool and the read pool,
    /// see `db::read_pool`): it holds at most twice this many connections.
    #[arg(long, env = "OVERSIGHT_DB_POOL_SIZE", default_value_t = 16)]
    pub pool_size: u32,
}

impl Default for DbArgs {
    fn default() -> Self {
        Self::parse_from_env()
    }
}

impl DbArgs {
    /// The settings as they stand in the environment, with no flags given.
    pub fn parse_from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            db: DbArgs,
        }
        Only::parse_from(["oversight"]).db
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "OVERSIGHT_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    #[command(flatten)]
    pub db: DbArgs,

    /// Do not load the demo data when the embedded cluster is created.
    #[arg(long, env = "OVERSIGHT_NO_DEMO")]
    pub no_demo: bool,

    /// The service is reached over HTTPS (directly or through a proxy): mark cookies Secure
    /// and send Strict-Transport-Security.
    #[arg(long, env = "OVERSIGHT_BEHIND_TLS")]
    pub behind_tls: bool,

    /// A reverse proxy sets X-Forwarded-For: use its first address as the client's (for
    /// sign-in throttling). Only set this when every request comes through that proxy.
    #[arg(long, env = "OVERSIGHT_TRUST_PROXY")]
    pub trust_proxy: bool,
}

impl ServeArgs {
    pub fn from_env() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["oversight"]).serve
    }
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// Seed for the synthetic cases (the same seed gives the same cases).
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,

    /// How many synthetic cases to add beside the reference cases.
    #[arg(long, default_value_t = 300)]
    pub synthetic: u32,
}

#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// How many cases to generate.
    #[arg(long)]
    pub cases: u64,

    /// Seed: the same seed and count give the same cases.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}
