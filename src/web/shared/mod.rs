//! What several features of the web layer use, and nothing feature-specific: the extractors
//! every staff route starts from (the signed-in user, a checked form, typed ids), the one
//! form-field system, the generic step handler, and the views of deadlines, timelines and
//! banners that the case, subject and recommendation pages share.
//!
//! Features import from here and never from each other: when two features need the same
//! thing, it moves down into this module.

pub mod banner;
pub mod deadlines;
pub mod download;
pub mod errors;
pub mod extract;
pub mod form;
pub mod ids;
pub mod paging;
pub mod render;
pub mod step;
pub mod timeline;
pub mod upload;

/// Declares a feature's staff routes once: the feature's router is built from the list, and
/// the list is public, so the authorisation test covers every staff route (a route added
/// here without an expectation in that test fails it).
macro_rules! staff_routes {
    ($($method:ident $path:literal => $handler:path),* $(,)?) => {
        /// This feature's staff routes as (method, path).
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        /// This feature's staff routes.
        pub fn router() -> axum::Router<crate::web::AppState> {
            axum::Router::new()$(.route($path, axum::routing::$method($handler)))*
        }
    };
}
pub(crate) use staff_routes;
