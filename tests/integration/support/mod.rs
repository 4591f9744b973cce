//! Shared test helpers. Test modules import only from here, never from one another.
//!
//! - [`app`]: the throwaway cluster, a fresh database per test and the app over HTTP;
//! - [`staff`]: signing in, CSRF tokens, the second factor, one browser per role, ids;
//! - [`builders`]: typed builders for the rows tests start from;
//! - [`html`]: reading pages through an HTML parser;
//! - [`steps`]: taking workflow steps through the pages' forms;
//! - [`public`]: the public pages' complainants, access codes and demo complaints.

// Each test module uses some of these helpers, none uses them all.
#![allow(dead_code)]

pub mod app;
pub mod builders;
pub mod html;
pub mod public;
pub mod staff;
pub mod steps;

pub use app::*;
pub use builders::*;
pub use html::*;
pub use staff::*;
pub use steps::*;
