//! Where the contents of documents are kept: an object store, through the `object_store`
//! crate. By default a folder of the data directory (`documents/`), so the embedded service
//! needs nothing else; any S3-compatible store when `OVERSIGHT_OBJECT_STORE_URL` is set
//! (`s3://bucket/prefix`, with the credentials, region and endpoint in the standard `AWS_*`
//! variables the crate reads).
//!
//! Uploads are streamed: [`Upload`] writes the parts as they arrive, counting the bytes and
//! hashing them, and either finishes or aborts, so an upload that fails half-way leaves no
//! object. It does its own buffering rather than use the crate's `WriteMultipart`: that one
//! gathers a part from 8 KiB blocks allocated on the request's thread and freed on the thread
//! that writes the part, and the allocator kept such blocks around, so a 1 GiB upload grew the
//! server by 55–75 MB (measured by `documents_memory.rs`). Here a part is one buffer of
//! [`PART`] bytes, with one part being filled while at most one is written: about 10 MB per
//! upload, whatever its size.

use std::path::Path as FsPath;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, MultipartUpload, ObjectStore, PutPayload};
use sha2::{Digest, Sha256};

/// The part size of a streamed upload: S3's smallest (every part but the last must be at
/// least 5 MiB).
const PART: usize = 5 * 1024 * 1024;

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
            Some(url) => Self::url(
                url,
                std::env::vars()
                    .filter(|(k, _)| k.starts_with("AWS_"))
                    .map(|(k, v)| (k.to_ascii_lowercase(), v)),
            ),
            None => Self::folder(&data_dir.join("documents")),
        }
    }

    /// The store at `url` (`s3://bucket/prefix`), with these options (`aws_region`,
    /// `aws_endpoint`, `aws_access_key_id`, …: the names `object_store` reads).
    pub fn url(
        url: &str,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> anyhow::Result<Self> {
        let parsed = url::Url::parse(url)
            .map_err(|e| anyhow::anyhow!("OVERSIGHT_OBJECT_STORE_URL {url:?}: {e}"))?;
        let (store, prefix) = object_store::parse_url_opts(&parsed, options)
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
        let upload = self.store.put_multipart(&path).await?;
        Ok(Upload {
            upload,
            buffer: Vec::with_capacity(PART),
            writing: None,
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
    upload: Box<dyn MultipartUpload>,
    /// The part being filled.
    buffer: Vec<u8>,
    /// The part being written, if one is.
    writing: Option<tokio::task::JoinHandle<object_store::Result<()>>>,
    hasher: Sha256,
    size: u64,
}

impl Upload {
    /// Appends `bytes`, waiting for the part before to be written when a part is full.
    pub async fn write(&mut self, mut bytes: &[u8]) -> object_store::Result<()> {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
        while !bytes.is_empty() {
            let take = (PART - self.buffer.len()).min(bytes.len());
            self.buffer.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.buffer.len() == PART {
                self.send_part().await?;
            }
        }
        Ok(())
    }

    /// Sends the buffer as the next part, once the part before it is written.
    async fn send_part(&mut self) -> object_store::Result<()> {
        self.wait().await?;
        let part = std::mem::replace(&mut self.buffer, Vec::with_capacity(PART));
        self.writing = Some(tokio::spawn(self.upload.put_part(PutPayload::from(part))));
        Ok(())
    }

    /// Waits for the part being written.
    async fn wait(&mut self) -> object_store::Result<()> {
        match self.writing.take() {
            Some(task) => task.await.map_err(|e| object_store::Error::Generic {
                store: "document store",
                source: Box::new(e),
            })?,
            None => Ok(()),
        }
    }

    /// The bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Completes the object: its size and SHA-256 (hex).
    pub async fn finish(mut self) -> object_store::Result<(u64, String)> {
        if !self.buffer.is_empty() {
            self.send_part().await?;
        }
        self.wait().await?;
        self.upload.complete().await?;
        Ok((self.size, hex::encode(self.hasher.finalize())))
    }

    /// Gives the object up: nothing of it remains.
    pub async fn abort(mut self) -> object_store::Result<()> {
        // The part being written first, so that none lands after the upload is given up.
        let _ = self.wait().await;
        self.upload.abort().await
    }
}
