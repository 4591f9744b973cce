//! `GET/POST /statistics/groups`: an administrator keeps the most-similar-forces groups the
//! IOPC's view of the return compares a force with: adds a group, puts a force in a group (or
//! in none) and marks a group's membership confirmed against a published source, or
//! unverified again. The groups seeded by migration 0095 start unverified. Each change is an
//! audit event with what it replaced.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::auth::session::StaffUser;
use crate::db::audit::RecordAction;
use crate::db::statistics::{self as db, ForceChoice, ForceGroup};
use crate::domain::Role;
use crate::error::{AppError, AppResult};
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm, audit_staff_event};
use crate::web::shared::form::{Field, Posted, Reader, SelectField, TextField};
use crate::web::shared::render::{Page, html};

const ADMIN: &[Role] = &[Role::IopcAdmin];

/// The longest name a group may have.
const LONGEST: usize = 100;

/// The value of the group chooser that takes a force out of every group.
const NO_GROUP: &str = "none";

/// A group as the page lists it.
struct GroupRow {
    group: ForceGroup,
    /// Its forces' names, by name.
    forces: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "statistics/groups.html")]
struct GroupsPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    banner: Option<String>,
    /// The name of a new group.
    add: Vec<Field>,
    /// A force and the group to put it in.
    assign: Vec<Field>,
    groups: Vec<GroupRow>,
    /// The territorial forces in no group.
    ungrouped: Vec<String>,
}

/// A group's code, made from its name: lower case, words joined by hyphens.
fn code_of(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

async fn render(
    state: &AppState,
    user: &StaffUser,
    posted: &Posted,
    errors: FormErrors,
    banner: Option<String>,
) -> AppResult<Response> {
    let forces = db::forces(&state.pool).await?;
    let groups = db::groups(&state.pool).await?;
    let force_options: Vec<(&str, &str)> = forces
        .iter()
        .map(|f| (f.code.as_str(), f.name.as_str()))
        .collect();
    let group_options: Vec<(&str, &str)> = groups
        .iter()
        .map(|g| (g.code.as_str(), g.name.as_str()))
        .chain([(NO_GROUP, "No group")])
        .collect();
    let add = vec![Field::Text(
        TextField::input("name", "Name of the group", posted.get("name"), &errors).hint(
            "For example, Largely rural forces. A new group has no forces and is marked unverified",
        ),
    )];
    let assign = vec![
        Field::Select(SelectField::new(
            "force",
            "Force",
            "Choose a force",
            &force_options,
            posted.get("force"),
            &errors,
        )),
        Field::Select(SelectField::new(
            "group",
            "Group",
            "Choose a group",
            &group_options,
            posted.get("group"),
            &errors,
        )),
    ];
    let named = |id| -> Vec<String> {
        forces
            .iter()
            .filter(|f: &&ForceChoice| f.group_id == id)
            .map(|f| f.name.clone())
            .collect()
    };
    let ungrouped = forces
        .iter()
        .filter(|f| f.territorial && f.group_id.is_none())
        .map(|f| f.name.clone())
        .collect();
    let groups = groups
        .into_iter()
        .map(|g| GroupRow {
            forces: named(Some(g.id)),
            group: g,
        })
        .collect();
    let status = errors.status();
    let page = GroupsPage {
        lang: Page::ENGLISH,
        user,
        nav: "statistics",
        errors,
        banner,
        add,
        assign,
        groups,
        ungrouped,
    };
    Ok((status, html(&page)?).into_response())
}

#[derive(Debug, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

/// `GET /statistics/groups`
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "statistics_groups")
        .await?;
    let banner = match done.done.as_str() {
        "added" => Some("Group added"),
        "moved" => Some("Force's group changed"),
        "confirmed" => Some("Group marked as confirmed"),
        "unverified" => Some("Group marked as unverified"),
        _ => None,
    }
    .map(str::to_owned);
    render(
        &state,
        &user,
        &Posted::default(),
        FormErrors::default(),
        banner,
    )
    .await
}

/// `POST /statistics/groups`: `change` says which form was sent: `add` (with `name`),
/// `assign` (with `force` and `group`), or `confirm` / `unconfirm` (with `listed_group`, the
/// code of the group whose row it was sent from).
pub async fn save(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "statistics_groups_save")
        .await?;
    let today = crate::db::today(&state.pool).await?;
    let mut reader = Reader::form(&posted, today);
    let groups = db::groups(&state.pool).await?;
    let mut tx = state.pool.begin().await?;
    let (action, details, done) = match reader.raw("change") {
        "add" => {
            let name = reader.raw("name").trim().to_owned();
            let code = code_of(&name);
            if name.is_empty() {
                reader.fail("name", "Enter the name of the group");
            } else if name.chars().count() > LONGEST {
                reader.fail(
                    "name",
                    format!("The name must be {LONGEST} characters or fewer"),
                );
            } else if code.is_empty() {
                reader.fail("name", "The name must have letters or numbers in it");
            }
            if !reader.is_ok() {
                return render(&state, &user, &posted, reader.into_errors(), None).await;
            }
            let Some(id) = db::add_group(&mut tx, &code, &name).await? else {
                reader.fail("name", "There is already a group with this name");
                return render(&state, &user, &posted, reader.into_errors(), None).await;
            };
            (
                RecordAction::AddForceGroup,
                json!({ "force_group_id": id, "code": code, "name": name }),
                "added",
            )
        }
        "assign" => {
            let forces = db::forces(&state.pool).await?;
            let force = forces.iter().find(|f| f.code == reader.raw("force"));
            if force.is_none() {
                reader.fail("force", "Select a force from the list");
            }
            let wanted = reader.raw("group");
            let group = match groups.iter().find(|g| g.code == wanted) {
                Some(g) => Some(Some(g)),
                None if wanted == NO_GROUP => Some(None),
                None => {
                    reader.fail("group", "Select a group, or No group");
                    None
                }
            };
            let (Some(force), Some(group)) = (force, group) else {
                return render(&state, &user, &posted, reader.into_errors(), None).await;
            };
            let previous = db::set_force_group(&mut tx, force.id, group.map(|g| g.id))
                .await?
                .ok_or(AppError::NotFound)?;
            (
                RecordAction::MoveForceGroup,
                json!({
                    "force_id": force.id,
                    "force_group_id": group.map(|g| g.id),
                    "previous": previous,
                }),
                "moved",
            )
        }
        change @ ("confirm" | "unconfirm") => {
            let group = groups
                .iter()
                .find(|g| g.code == reader.raw("listed_group"))
                .ok_or(AppError::NotFound)?;
            let verified = change == "confirm";
            if !db::set_group_verified(&mut tx, group.id, verified).await? {
                return Err(AppError::NotFound);
            }
            (
                RecordAction::ConfirmForceGroup,
                json!({ "force_group_id": group.id, "verified": verified, "previous": group.verified }),
                if verified { "confirmed" } else { "unverified" },
            )
        }
        // Not one of the page's forms: nothing to change, so back to the page.
        _ => return Ok(Redirect::to("/statistics/groups").into_response()),
    };
    audit_staff_event(&mut *tx, Some(user.id), Some(user.role), action, details).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/statistics/groups?done={done}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_code_is_its_name_in_lower_case_words_joined_by_hyphens() {
        assert_eq!(code_of("Largely rural forces"), "largely-rural-forces");
        assert_eq!(code_of("  North & Wales / 2 "), "north-wales-2");
        assert_eq!(code_of("!!"), "");
    }
}
