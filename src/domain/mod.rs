//! Pure domain types: the vocabulary of the police complaints system, references and the
//! parsing of raw input into those types. Nothing here performs I/O, so everything is cheap
//! to test and safe to share between the web layer, the workflow engine and the database.

pub mod documents;
pub mod intake;
pub mod reference;
pub mod vocab;

pub use reference::IopcReference;
pub use vocab::*;
