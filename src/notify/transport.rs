//! How a message leaves: SMTP through `lettre` (`OVERSIGHT_SMTP_URL`: `smtp://` with
//! STARTTLS when the server offers it or `?tls=required`, `smtps://` for TLS from the start,
//! credentials in the URL), or, with no SMTP server configured (the embedded default), an
//! `.eml` file per message in the `messages` folder of the data directory, named by the
//! message's id, so the demo shows what would have gone out.

use std::path::{Path, PathBuf};

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use uuid::Uuid;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(PathBuf),
}

/// Why a message did not go: for good (a refused address, a permanent SMTP answer) or for
/// now (the server is down or busy).
#[derive(Debug, Clone)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

impl Transport {
    /// SMTP at `url` when given, else the `messages` folder of `data_dir` (created if missing).
    pub fn configured(url: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        match url {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("OVERSIGHT_SMTP_URL: {e}"))?
                    .build(),
            )),
            None => Self::folder(&data_dir.join("messages")),
        }
    }

    /// A folder of `.eml` files.
    pub fn folder(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        Ok(Transport::Folder(dir.to_owned()))
    }

    /// Where, for the start-up line (never the credentials).
    pub fn description(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP (OVERSIGHT_SMTP_URL)".to_owned(),
            Transport::Folder(dir) => format!("files in {}", dir.display()),
        }
    }

    /// Sends one message.
    pub async fn send(&self, message: &Message, id: Uuid) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message.clone())
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError {
                        permanent: e.is_permanent(),
                        message: e.to_string(),
                    })
            }
            Transport::Folder(dir) => {
                // Written under another name and renamed, so a reader never sees half a file.
                let path = dir.join(format!("{id}.eml"));
                let part = dir.join(format!(".{id}.eml.part"));
                let written = async {
                    tokio::fs::write(&part, message.formatted()).await?;
                    tokio::fs::rename(&part, &path).await
                }
                .await;
                written.map_err(|e| SendError {
                    permanent: false,
                    message: format!("cannot write {}: {e}", path.display()),
                })
            }
        }
    }
}
