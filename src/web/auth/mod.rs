//! Signing in and out. Who is asking, on every other staff route, is the
//! [`CurrentUser`](crate::web::shared::extract::CurrentUser) extractor's answer.

mod second_factor;
mod sign_in;

pub use second_factor::{code, code_form, enrol, enrol_form};
pub use sign_in::{sign_in, sign_in_page};

crate::web::shared::staff_routes! {
    post "/sign-out" => sign_in::sign_out,
}
