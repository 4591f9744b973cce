//! Typed record ids, and the path extractor that reads them.
//!
//! Each id is a newtype over the row's UUID, so a handler cannot pass a subject's id where a
//! case's is wanted. [`Ids`] reads them from the path: a malformed id is simply "not found",
//! drawn as the layout's 404 page (axum's own `Path` would answer a plain-text 400, and would
//! tell a prober which ids are well formed).

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::AppError;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id! {
    /// A case (`case_record.case_id`).
    CaseId,
    /// A subject on a case (`case_subject.case_subject_id`).
    SubjectId,
    /// A recommendation (`recommendation.recommendation_id`).
    RecommendationId,
    /// A staff account (`staff_user.staff_user_id`).
    UserId,
    /// A progress notice of an investigation (`investigation_notice.investigation_notice_id`).
    NoticeId,
    /// A document of a case (`document.document_id`).
    DocumentId,
    /// A message of the outbox (`outbox_message.message_id`).
    MessageId,
}

/// The ids in the path, e.g. `Ids(case_id): Ids<CaseId>` or
/// `Ids((case_id, subject_id)): Ids<(CaseId, SubjectId)>`. A malformed id is a 404.
pub struct Ids<T>(pub T);

impl<S, T> FromRequestParts<S> for Ids<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(ids)| Ids(ids))
            .map_err(|_| AppError::NotFound)
    }
}
