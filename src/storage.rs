//! Where the contents of documents are kept: an object store, through the `object_store`
//! crate. By default a folder of the data directory (`documents/`), so the embedded service
//! needs nothing else; any S3-compatible store when `OVERSIGHT_OBJECT_STORE_URL` is set
//! (`s3://bucket/prefix`, with the credentials, region and endpoint in the standard `AWS_*`
//! variables the crate reads).
//!
//! Uploads are streamed: [`Upload`] writes the parts as they arrive (a few of them in flight
//! at a time, so memory stays bounded whatever the size), counting the bytes and hashing
//! them, and either finishes or aborts, so an upload that fails half-way leaves no object.

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, WriteMultipart};
use sha2::{Digest, Sha256};

/// The part size of a streamed upload, and how many parts may be in flight at once: at most
/// `PART * IN_FLIGHT` bytes of an upload are held in memory.
const PART: usize = 8 * 1024 * 1024;
const IN_FLIGHT: usize = 2;

/// The document store, cheap to clone.
#[derive(Clone, Debug)]
pub struct DocumentStore {
    store: Arc<dyn ObjectStore>,
    /// Where it is, for the start-up line and the health of the service.
    pub description: String,
}

impl DocumentStore {
    /// The store the service is configured with: `url` (`s3://…`) when given, else the
    /// `documents` folder of `data_dir`, created if missing.
    pub fn configured(url: Option<&str>, data_dir: &FsPath) -> anyhow::Result<Self> {
        match url {
            Some(url) => {
                let parsed = url::Url::parse(url)
                    .map_err(|e| anyhow::anyhow!("OVERSIGHT_OBJECT_STORE_URL {url:?}: {e}"))?;
                let (store, prefix) = object_store::parse_url_opts(
                    &parsed,
                    std::env::vars()
                        .filter(|(k, _)| k.starts_with("AWS_"))
                        .map(|(k, v)| (k.to_ascii_lowercase(), v)),
                )
                .map_err(|e| anyhow::anyhow!("OVERSIGHT_OBJECT_STORE_URL {url:?}: {e}"))?;
                let store: Arc<dyn ObjectStore> = if prefix.as_ref().is_empty() {
                    Arc::from(store)
                } else {
                    Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
                };
                Ok(Self {
                    store,
                    description: format!("object store {url}"),
                })
            }
            None => Self::folder(&data_dir.join("documents")),
        }
    }

    /// A folder on this machine.
    pub fn folder(dir: &FsPath) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
        Ok(Self {
            store: Arc::new(store),
            description: format!("folder {}", dir.display()),
        })
    }

    /// A store in memory, for tests that do not look at the files.
    pub fn in_memory() -> Self {
        Self {
            store: Arc::new(object_store::memory::InMemory::new()),
            description: "memory".to_owned(),
        }
    }

    /// Starts writing an object at `key`.
    pub async fn upload(&self, key: &str) -> object_store::Result<Upload> {
        let path = Path::from(key);
        let writer = self.store.put_multipart(&path).await?;
        Ok(Upload {
            writer: WriteMultipart::new_with_chunk_size(writer, PART),
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// The bytes of `key` in `range` (all of them for `None`), as a stream.
    pub async fn read(
        &self,
        key: &str,
        range: Option<std::ops::Range<u64>>,
    ) -> object_store::Result<BoxStream<'static, object_store::Result<Bytes>>> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let got = self.store.get_opts(&Path::from(key), options).await?;
        Ok(got.into_stream().boxed())
    }

    /// Removes `key`; one already gone is not an error.
    pub async fn remove(&self, key: &str) -> object_store::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Err(object_store::Error::NotFound { .. }) => Ok(()),
            other => other,
        }
    }

    /// Whether `key` is held.
    pub async fn holds(&self, key: &str) -> object_store::Result<bool> {
        match self.store.head(&Path::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every key under `prefix`, for tests that check nothing was left behind.
    pub async fn keys(&self, prefix: &str) -> object_store::Result<Vec<String>> {
        self.store
            .list(Some(&Path::from(prefix)))
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
    }
}

/// An object being written.
pub struct Upload {
    writer: WriteMultipart,
    hasher: Sha256,
    size: u64,
}

impl Upload {
    /// Appends `bytes`, waiting while too many parts are in flight.
    pub async fn write(&mut self, bytes: &[u8]) -> object_store::Result<()> {
        self.writer.wait_for_capacity(IN_FLIGHT).await?;
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        self.writer.write(bytes);
        Ok(())
    }

    /// The bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Completes the object: its size and SHA-256 (hex).
    pub async fn finish(self) -> object_store::Result<(u64, String)> {
        let size = self.size;
        let digest = hex::encode(self.hasher.finalize());
        self.writer.finish().await?;
        Ok((size, digest))
    }

    /// Gives the object up: nothing of it remains.
    pub async fn abort(self) -> object_store::Result<()> {
        self.writer.abort().await
    }
}
