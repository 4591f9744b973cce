//! Serving: bind the address, open the database, run until Ctrl-C or SIGTERM, then stop the
//! embedded cluster (if this process uses one) so nothing is left running.

use std::io::ErrorKind;

use anyhow::{Result, anyhow};
use tokio::net::TcpListener;

use crate::config::ServeArgs;
use crate::{AppState, app, db, demo};

/// Runs the service until it is asked to stop.
pub async fn run(args: ServeArgs) -> Result<()> {
    // Bind first: a busy port is reported before any database work is done.
    let listener = TcpListener::bind(args.bind)
        .await
        .map_err(|e| match e.kind() {
            ErrorKind::AddrInUse => anyhow!(
                "{} is already in use: stop the program using it, or choose another address \
             with --bind or OVERSIGHT_BIND",
                args.bind
            ),
            ErrorKind::PermissionDenied => anyhow!(
                "not allowed to listen on {}: choose a port above 1024 with --bind",
                args.bind
            ),
            _ => anyhow!("cannot listen on {}: {e}", args.bind),
        })?;
    let address = listener.local_addr()?;

    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| crate::config::PublicUrl::for_bind(address));
    if args.behind_tls && !public_url.is_https() {
        tracing::warn!(
            %public_url,
            "the service is behind TLS but its public address is not https: set OVERSIGHT_PUBLIC_URL"
        );
    }
    let database = db::open(&args.db).await?;
    let documents = crate::storage::DocumentStore::configured(
        args.object_store_url.as_deref(),
        &args.db.data_dir,
    )?;
    tracing::info!(store = %documents.description, "documents");
    let transport = crate::notify::transport::Transport::configured(
        args.smtp_url.as_deref(),
        &args.db.data_dir,
    )?;
    tracing::info!(transport = %transport.description(), "messages");
    let mail = crate::notify::worker::Options::new(
        &public_url,
        args.mail_from.as_deref(),
        args.mail_max_tries,
    )?;
    let settings = crate::web::Settings {
        behind_tls: args.behind_tls,
        trust_proxy: args.trust_proxy,
        public_url,
        documents,
        upload_limit: args.upload_limit,
    };
    let worker = crate::notify::worker::spawn(
        database.pool.clone(),
        transport,
        mail,
        std::time::Duration::from_secs(2),
    );
    let outcome = serve_until_stopped(&database, listener, address, args.no_demo, settings).await;
    worker.abort();
    if let Some(cluster) = database.cluster.clone() {
        database.pool.close().await;
        tokio::task::spawn_blocking(move || cluster.stop()).await??;
        tracing::info!("embedded database stopped");
    }
    outcome
}

async fn serve_until_stopped(
    database: &db::Database,
    listener: TcpListener,
    address: std::net::SocketAddr,
    no_demo: bool,
    settings: crate::web::Settings,
) -> Result<()> {
    if database.freshly_created && !no_demo {
        println!("First start: loading the demo data…");
        demo::load(&database.pool, &demo::DemoOptions::default()).await?;
    }
    println!("Database: {}", database.description);
    if demo::accounts_present(&database.pool).await? {
        demo::documents::load(&database.pool, &settings.documents).await?;
        println!("Demo sign-ins (password {}):", demo::DEMO_PASSWORD);
        for account in demo::ACCOUNTS {
            println!("  {:<28} {}", account.email, account.role.label());
        }
    }
    if demo::public::present(&database.pool).await? {
        println!("Demo complainants (case reference and access code at /status):");
        for access in demo::public::ACCESS {
            println!("  {}  {}  {}", access.reference, access.code, access.what);
        }
    }
    println!("Oversight is running at http://{address}/");
    if settings.public_url != crate::config::PublicUrl::for_bind(address) {
        println!("Its public address: {}/", settings.public_url);
    }
    println!("Press Ctrl-C to stop.");
    let compaction = db::statistics::spawn_compaction(database.pool.clone());
    let app = app(AppState::with_settings(database.pool.clone(), settings));
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    compaction.abort();
    served?;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping");
}
