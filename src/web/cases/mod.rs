//! Cases: the list and its CSV, logging a new case, the case page and the steps taken from
//! it, the mandatory-referral grounds, linked cases, the contact and evidence logs, the outcome letter, the investigation's
//! own page and the complainant's access code.

mod access_code;
mod actions;
mod grounds;
mod investigation;
mod learning;
mod letter;
mod links;
mod list;
mod logs;
mod new;
mod show;

/// What the importer (`web::import`) replays through this feature.
pub(crate) use actions::CaseSteps;
pub(crate) use new::log_in;

crate::web::shared::staff_routes! {
    get "/cases" => list::list,
    get "/cases.csv" => list::csv,
    get "/cases/new" => new::form,
    post "/cases/new" => new::create,
    get "/cases/{case_id}" => show::show,
    post "/cases/{case_id}/actions" => actions::act,
    get "/cases/{case_id}/grounds" => grounds::form,
    post "/cases/{case_id}/grounds" => grounds::revise,
    get "/cases/{case_id}/letter" => letter::page,
    get "/cases/{case_id}/learning-and-publication" => learning::page,
    post "/cases/{case_id}/learning-and-publication" => learning::record,
    get "/cases/{case_id}/links/new" => links::new_form,
    post "/cases/{case_id}/links" => links::create,
    get "/cases/{case_id}/investigation" => investigation::page,
    post "/cases/{case_id}/investigation" => investigation::update,
    post "/cases/{case_id}/investigation/notices" => investigation::send_notice,
    get "/cases/{case_id}/investigation/notices/{notice_id}" => investigation::show_notice,
    get "/cases/{case_id}/contacts/new" => logs::contact_form,
    post "/cases/{case_id}/contacts" => logs::add_contact,
    get "/cases/{case_id}/evidence/new" => logs::evidence_form,
    post "/cases/{case_id}/evidence" => logs::add_evidence,
    get "/cases/{case_id}/access-code" => access_code::page,
    post "/cases/{case_id}/access-code" => access_code::issue,
}
