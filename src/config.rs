//! Command-line and environment configuration.
//!
//! Every setting has a flag and an environment variable so the same binary runs from a
//! terminal, a service manager or a container without a config file. `DATABASE_URL` switches
//! from the embedded cluster to an existing database.
//!
//! A yes-or-no setting is a flag on the command line (`--behind-tls`) and, in the
//! environment, one of `1`, `yes`, `on`, `true` or `0`, `no`, `off`, `false` in any case
//! ([`parse_switch`]); anything else stops the service from starting rather than being
//! guessed at, because a setting such as `OVERSIGHT_BEHIND_TLS` read wrongly weakens the
//! cookies silently. The public address ([`PublicUrl`]) is checked the same way.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

/// Reads a yes-or-no setting: `1`, `yes`, `on`, `true` or `0`, `no`, `off`, `false`, in any
/// case; anything else is an error saying what is accepted.
pub fn parse_switch(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "yes" | "on" | "true" => Ok(true),
        "0" | "no" | "off" | "false" => Ok(false),
        _ => Err(format!(
            "{value:?} is neither yes nor no: use 1, yes, on or true to turn it on, \
             or 0, no, off or false to turn it off"
        )),
    }
}

/// The address the public reaches the service at (`https://oversight.example.org`): the one
/// base of every absolute link the service writes (the feed's), never the request's `Host`
/// header, which the client chooses. An absolute `http` or `https` URL of a host (and port)
/// only, kept without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrl(String);

impl PublicUrl {
    /// Checks a configured public address.
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        let wrong = |why: &str| {
            Err(format!(
                "{value:?} is not a public address the service can use: {why}; \
                 give the scheme and host only, such as https://oversight.example.org"
            ))
        };
        let Ok(uri) = value.parse::<axum::http::Uri>() else {
            return wrong("it is not a URL");
        };
        let scheme = uri.scheme_str().map(str::to_ascii_lowercase);
        if !matches!(scheme.as_deref(), Some("http" | "https")) {
            return wrong("it must start with https:// or http://");
        }
        let Some(authority) = uri.authority() else {
            return wrong("it has no host");
        };
        if authority.host().is_empty() || authority.as_str().contains('@') {
            return wrong("it must name a host, with no user name or password");
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() || value.contains('#') {
            return wrong("it must not have a path, a query or a fragment");
        }
        Ok(Self(format!(
            "{}://{}",
            scheme.unwrap_or_default(),
            authority.as_str().to_ascii_lowercase()
        )))
    }

    /// The default: plain HTTP at the address the service listens on (`localhost` when it
    /// listens on every address).
    pub fn for_bind(address: SocketAddr) -> Self {
        if address.ip().is_unspecified() {
            Self(format!("http://localhost:{}", address.port()))
        } else {
            Self(format!("http://{address}"))
        }
    }

    /// The base, without a trailing slash: `{base}/published`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl Default for PublicUrl {
    /// The embedded default's address.
    fn default() -> Self {
        Self::for_bind(SocketAddr::from(([127, 0, 0, 1], 8080)))
    }
}

impl std::fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

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
    /// Import cases from a JSON file (docs/import.md), replaying each history through the
    /// workflow: all of the file or, if any step is refused, none of it.
    Import(ImportArgs),
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
    #[arg(long, env = "OVERSIGHT_NO_DEMO", action = ArgAction::SetTrue, value_parser = parse_switch)]
    pub no_demo: bool,

    /// The service is reached over HTTPS (directly or through a proxy): mark cookies Secure
    /// and send Strict-Transport-Security. In the environment: 1, yes, on or true (or 0, no,
    /// off, false).
    #[arg(long, env = "OVERSIGHT_BEHIND_TLS", action = ArgAction::SetTrue, value_parser = parse_switch)]
    pub behind_tls: bool,

    /// A reverse proxy sets X-Forwarded-For: use its first address as the client's (for
    /// sign-in throttling). Only set this when every request comes through that proxy.
    #[arg(long, env = "OVERSIGHT_TRUST_PROXY", action = ArgAction::SetTrue, value_parser = parse_switch)]
    pub trust_proxy: bool,

    /// The address the public reaches the service at, such as https://oversight.example.org:
    /// the base of every absolute link (the Atom feed's). Default: http:// and the bind
    /// address.
    #[arg(long, env = "OVERSIGHT_PUBLIC_URL", value_parser = PublicUrl::parse)]
    pub public_url: Option<PublicUrl>,

    /// Keep documents in this S3-compatible object store (s3://bucket or s3://bucket/prefix),
    /// with the credentials, region and endpoint in the AWS_* variables (AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT, AWS_ALLOW_HTTP). Default: the
    /// documents folder of the data directory.
    #[arg(long, env = "OVERSIGHT_OBJECT_STORE_URL")]
    pub object_store_url: Option<String>,

    /// The largest document a member of staff may upload, in bytes (default 2 GiB).
    #[arg(long, env = "OVERSIGHT_UPLOAD_LIMIT", default_value_t = DEFAULT_UPLOAD_LIMIT)]
    pub upload_limit: u64,

    /// Send email through this SMTP server: smtp://user:password@host:587 (STARTTLS when
    /// offered; add ?tls=required to insist) or smtps://user:password@host:465. Default: each
    /// message is written as an .eml file in the messages folder of the data directory.
    #[arg(long, env = "OVERSIGHT_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of email, such as "Professional Standards <psd@force.example>". Default:
    /// Oversight at no-reply@ the public address's host.
    #[arg(long, env = "OVERSIGHT_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// How many times a message is tried before it is marked failed (default 8).
    #[arg(long, env = "OVERSIGHT_MAIL_MAX_TRIES", default_value_t = crate::notify::worker::DEFAULT_MAX_TRIES,
          value_parser = clap::value_parser!(i32).range(1..=100))]
    pub mail_max_tries: i32,
}

/// The largest upload by default: 2 GiB, since body-worn video is large.
pub const DEFAULT_UPLOAD_LIMIT: u64 = 2 * 1024 * 1024 * 1024;

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

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,

    /// The JSON file of cases.
    pub file: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_args(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::try_parse_from(std::iter::once("oversight").chain(args.iter().copied()))
            .map(|o| o.serve)
    }

    #[test]
    fn a_switch_is_on_for_1_yes_on_true_and_off_for_0_no_off_false_in_any_case() {
        for on in ["1", "yes", "on", "true", "YES", "On", "TRUE", " true "] {
            assert_eq!(parse_switch(on), Ok(true), "{on:?}");
        }
        for off in ["0", "no", "off", "false", "NO", "Off", "False"] {
            assert_eq!(parse_switch(off), Ok(false), "{off:?}");
        }
        for neither in ["2", "y", "enabled", "", "tru", "-1"] {
            let refused = parse_switch(neither).expect_err(neither);
            assert!(refused.contains("1, yes, on or true"), "{refused}");
        }
    }

    #[test]
    fn a_switch_flag_needs_no_value_on_the_command_line() {
        let args = serve_args(&["--behind-tls", "--trust-proxy"]).expect("flags");
        assert!(args.behind_tls && args.trust_proxy && !args.no_demo);
        let args = serve_args(&[]).expect("no flags");
        assert!(!args.behind_tls);
    }

    #[test]
    fn the_public_url_is_an_absolute_http_or_https_address_of_a_host() {
        for (given, kept) in [
            (
                "https://oversight.example.org",
                "https://oversight.example.org",
            ),
            (
                "https://Oversight.Example.org/",
                "https://oversight.example.org",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("HTTPS://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ] {
            assert_eq!(
                PublicUrl::parse(given).map(|u| u.to_string()),
                Ok(kept.to_owned()),
                "{given}"
            );
        }
        for wrong in [
            "",
            "oversight.example.org",
            "/published",
            "ftp://oversight.example.org",
            "javascript:alert(1)",
            "https://",
            "https://user:secret@oversight.example.org",
            "https://oversight.example.org/oversight",
            "https://oversight.example.org/?a=b",
            "https://oversight.example.org/#top",
            "https://over sight.example.org",
        ] {
            let refused = PublicUrl::parse(wrong).expect_err(wrong);
            assert!(refused.contains("such as https://"), "{refused}");
        }
        let refused = serve_args(&["--public-url", "example.org"]).expect_err("refused");
        assert!(
            refused.to_string().contains("scheme and host only"),
            "{refused}"
        );
    }

    #[test]
    fn the_public_url_defaults_to_the_bind_address() {
        assert_eq!(
            PublicUrl::for_bind("127.0.0.1:8080".parse().expect("addr")).as_str(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            PublicUrl::for_bind("0.0.0.0:80".parse().expect("addr")).as_str(),
            "http://localhost:80"
        );
        assert_eq!(
            PublicUrl::for_bind("[::1]:8080".parse().expect("addr")).as_str(),
            "http://[::1]:8080"
        );
        assert_eq!(PublicUrl::default().as_str(), "http://127.0.0.1:8080");
    }
}
