//! Subjects: one person's track through a case (severity, notices, interview, opinion,
//! determination, proceedings and their outcome), its steps, and adding a subject to a case.

mod new;
mod show;
mod steps;

/// What the importer (`web::import`) replays through this feature.
pub(crate) use show::SubjectSteps;

crate::web::shared::staff_routes! {
    get "/cases/{case_id}/subjects/new" => new::new_form,
    post "/cases/{case_id}/subjects/new" => new::create,
    get "/cases/{case_id}/subjects/{case_subject_id}" => show::show,
    post "/cases/{case_id}/subjects/{case_subject_id}/actions" => show::act,
}
