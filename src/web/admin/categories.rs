//! The allegation categories and sub-categories: the list, adding a category or a
//! sub-category, and retiring one or offering it again. IOPC administrators only; anyone else
//! gets a 403 that is written to the audit trail (`CurrentUser::require`).
//!
//! The categories are the IOPC's published list (migration 0080): reference data, never an
//! enum, so that an administrator can follow a change in the IOPC's guidance. Nothing is
//! deleted here: retiring a category or sub-category stops it being offered for new
//! allegations and keeps it on the allegations that have it, and the database refuses to
//! delete one in use. Sub-categories not confirmed against the published table are marked
//! "Unverified". Every change is written to the audit trail in its own transaction.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::auth::session::StaffUser;
use crate::db::allegation_categories::{
    self as db, AddError, CategoryRow, NewCategory, NewSubcategory,
};
use crate::db::audit::{self, Action, Actor, Entity, Event, RecordAction};
use crate::domain::Role;
use crate::domain::intake::{limits, thousands};
use crate::error::AppResult;
use crate::web::AppState;
use crate::web::shared::errors::FormErrors;
use crate::web::shared::extract::{CurrentUser, StaffForm};
use crate::web::shared::form::{ChoiceField, Field, Posted, SelectField, TextField};
use crate::web::shared::render::{Page, html};

const ADMIN: &[Role] = &[Role::IopcAdmin];

/// The longest description accepted.
const DESCRIPTION: usize = 500;

#[derive(askama::Template)]
#[template(path = "admin/categories.html")]
struct ListPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    categories: Vec<CategoryRow>,
    banner: Option<String>,
    error: Option<&'static str>,
}

/// What the list's success banner reports (from the redirect after a change).
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    done: Option<String>,
    category: Option<String>,
    subcategory: Option<String>,
}

/// The banner after a change, in words, from what the list holds now.
fn banner(done: &Done, categories: &[CategoryRow]) -> Option<String> {
    let category = categories
        .iter()
        .find(|c| Some(&c.code) == done.category.as_ref())?;
    let (name, in_use) = match &done.subcategory {
        Some(code) => {
            let s = category.subcategories.iter().find(|s| &s.code == code)?;
            (
                format!(
                    "The sub-category “{} {}” of {}",
                    s.iopc_code, s.name, category.name
                ),
                s.in_use,
            )
        }
        None => (format!("The category “{}”", category.name), category.in_use),
    };
    let allegations = match in_use {
        1 => "the 1 allegation that has it".to_owned(),
        n => format!("the {n} allegations that have it"),
    };
    Some(match done.done.as_deref()? {
        "added" => format!("{name} was added. It is offered for new allegations."),
        "retired" => format!(
            "{name} was retired. It is no longer offered for new allegations, and stays on {allegations}."
        ),
        "restored" => format!("{name} is offered for new allegations again."),
        _ => return None,
    })
}

/// `GET /admin/categories`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_categories").await?;
    render_list(&state, &user, Some(&done), None, StatusCode::OK).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    done: Option<&Done>,
    error: Option<&'static str>,
    status: StatusCode,
) -> AppResult<Response> {
    let categories = db::list(&state.pool).await?;
    let page = html(&ListPage {
        lang: Page::ENGLISH,
        user,
        nav: "categories",
        banner: done.and_then(|d| banner(d, &categories)),
        categories,
        error,
    })?;
    Ok((status, page).into_response())
}

#[derive(askama::Template)]
#[template(path = "admin/new_category.html")]
struct NewPage<'a> {
    lang: &'static str,
    user: &'a StaffUser,
    nav: &'static str,
    errors: FormErrors,
    heading: &'static str,
    action: &'static str,
    submit: &'static str,
    fields: Vec<Field>,
}

fn render_new(
    user: &StaffUser,
    sub: bool,
    fields: Vec<Field>,
    errors: FormErrors,
) -> AppResult<Response> {
    let status = errors.status();
    let page = html(&NewPage {
        lang: Page::ENGLISH,
        user,
        nav: "categories",
        errors,
        heading: if sub {
            "Add an allegation sub-category"
        } else {
            "Add an allegation category"
        },
        action: if sub {
            "/admin/categories/subcategories"
        } else {
            "/admin/categories"
        },
        submit: if sub {
            "Add the sub-category"
        } else {
            "Add the category"
        },
        fields,
    })?;
    Ok((status, page).into_response())
}

/// The fields shared by both forms: the name and what it covers.
fn name_fields(posted: &Posted, errors: &FormErrors, what: &str) -> Vec<Field> {
    vec![
        Field::Text(
            TextField::input("name", "Name", posted.get("name"), errors)
                .hint(format!("As the IOPC's guidance names the {what}")),
        ),
        Field::Text(
            TextField::textarea(
                "description",
                "What it covers (optional)",
                posted.get("description"),
                errors,
                3,
            )
            .hint("One short sentence, shown to those logging an allegation")
            .max(DESCRIPTION),
        ),
    ]
}

fn category_fields(posted: &Posted, errors: &FormErrors) -> Vec<Field> {
    name_fields(posted, errors, "category")
}

fn subcategory_fields(
    posted: &Posted,
    errors: &FormErrors,
    categories: &[CategoryRow],
) -> Vec<Field> {
    let options: Vec<(&str, &str)> = categories
        .iter()
        .filter(|c| c.active)
        .map(|c| (c.code.as_str(), c.name.as_str()))
        .collect();
    let mut fields = vec![
        Field::Select(SelectField::new(
            "category",
            "Category",
            "Choose a category",
            &options,
            posted.get("category"),
            errors,
        )),
        Field::Text(
            TextField::input("iopc-code", "Code", posted.get("iopc-code"), errors)
                .hint("The letter of its category and a number, as forces code it, for example B10")
                .width("govuk-input--width-4"),
        ),
    ];
    fields.extend(name_fields(posted, errors, "sub-category"));
    let ticked = if posted.ticked("unverified") {
        vec!["yes".to_owned()]
    } else {
        Vec::new()
    };
    fields.push(Field::Checkboxes(ChoiceField::new(
        "unverified",
        None,
        &[(
            "yes",
            "Not yet confirmed against the IOPC's published list (it is shown as unverified)",
        )],
        &ticked,
        errors,
    )));
    fields
}

/// `GET /admin/categories/new`
pub async fn new_category_form(
    State(state): State<AppState>,
    user: CurrentUser,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_categories_new")
        .await?;
    let errors = FormErrors::default();
    render_new(
        &user,
        false,
        category_fields(&Posted::default(), &errors),
        errors,
    )
}

/// The query of the new sub-category form: the category to suggest.
#[derive(Debug, Default, Deserialize)]
pub struct SubQuery {
    category: Option<String>,
}

/// `GET /admin/categories/subcategories/new` (`?category=` suggests the category)
pub async fn new_subcategory_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<SubQuery>,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_subcategories_new")
        .await?;
    let categories = db::list(&state.pool).await?;
    let mut posted = Posted::default();
    if let Some(category) = query.category {
        posted.set("category", category);
    }
    let errors = FormErrors::default();
    render_new(
        &user,
        true,
        subcategory_fields(&posted, &errors, &categories),
        errors,
    )
}

/// A stable code made from a name: lower case, words joined by hyphens.
fn code_of(name: &str) -> String {
    let mut code = String::new();
    for ch in name.to_lowercase().chars() {
        if ch.is_ascii_alphanumeric() {
            code.push(ch);
        } else if !code.is_empty() && !code.ends_with('-') {
            code.push('-');
        }
    }
    let code: String = code.trim_end_matches('-').chars().take(60).collect();
    let code = code.trim_end_matches('-');
    if code.is_empty() {
        "category".to_owned()
    } else {
        code.to_owned()
    }
}

/// The name and description typed, or the problems beside their fields.
fn read_name(posted: &Posted, errors: &mut FormErrors, what: &str) -> (String, Option<String>) {
    let name = posted.get("name").trim().to_owned();
    if name.is_empty() {
        errors.add("name", format!("Enter the name of the {what}"));
    } else if name.chars().count() > limits::NAME {
        errors.add(
            "name",
            format!(
                "Enter a name of no more than {} characters",
                thousands(limits::NAME)
            ),
        );
    } else if name.chars().any(char::is_control) {
        errors.add("name", "Enter the name on one line");
    }
    let description = posted.get("description").trim();
    if description.chars().count() > DESCRIPTION {
        errors.add(
            "description",
            format!(
                "Enter a description of no more than {} characters",
                thousands(DESCRIPTION)
            ),
        );
    }
    let description = (!description.is_empty()).then(|| description.to_owned());
    (name, description)
}

/// Writes one change of the categories to the audit trail.
async fn audited(
    conn: &mut sqlx::PgConnection,
    user: &StaffUser,
    action: RecordAction,
    details: serde_json::Value,
) -> sqlx::Result<()> {
    audit::record(
        conn,
        Event::new(
            Entity::AllegationCategories,
            Action::Record(action),
            Actor::staff(user.id, user.role),
        )
        .details(details),
    )
    .await
}

/// `POST /admin/categories`: adds a category after the others.
pub async fn create_category(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_categories_create")
        .await?;
    let categories = db::list(&state.pool).await?;
    let mut errors = FormErrors::default();
    let (name, description) = read_name(&posted, &mut errors, "category");
    if categories
        .iter()
        .any(|c| c.name.eq_ignore_ascii_case(&name))
    {
        errors.add("name", format!("There is already a category called {name}"));
    }
    if !errors.is_empty() {
        return render_new(&user, false, category_fields(&posted, &errors), errors);
    }
    let mut tx = state.pool.begin().await?;
    let base = code_of(&name);
    let mut code = base.clone();
    let mut n = 2;
    while db::category_code_taken(&mut tx, &code).await? {
        code = format!("{base}-{n}");
        n += 1;
    }
    let new = NewCategory {
        code,
        name,
        description,
    };
    match db::add_category(&mut tx, &new).await {
        Ok(()) => {}
        Err(AddError::Refused(_)) => {
            let mut errors = FormErrors::default();
            errors.add(
                "name",
                format!("There is already a category called {}", new.name),
            );
            return render_new(&user, false, category_fields(&posted, &errors), errors);
        }
        Err(AddError::Database(e)) => return Err(e.into()),
    }
    audited(
        &mut tx,
        &user,
        RecordAction::AddAllegationCategory,
        json!({ "category_code": new.code, "name": new.name }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/admin/categories?done=added&category={}",
        new.code
    ))
    .into_response())
}

/// `POST /admin/categories/subcategories`: adds a sub-category after its category's others.
pub async fn create_subcategory(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_subcategories_create")
        .await?;
    let categories = db::list(&state.pool).await?;
    let mut errors = FormErrors::default();
    let category = categories
        .iter()
        .find(|c| c.active && c.code == posted.get("category").trim());
    if category.is_none() {
        errors.add("category", "Select the category it belongs to");
    }
    let iopc_code = posted.get("iopc-code").trim().to_uppercase();
    let well_formed = iopc_code.len() >= 2
        && iopc_code.len() <= 3
        && iopc_code.starts_with(|c: char| c.is_ascii_uppercase())
        && iopc_code[1..].chars().all(|c| c.is_ascii_digit());
    if iopc_code.is_empty() {
        errors.add("iopc-code", "Enter the code forces use, for example B10");
    } else if !well_formed {
        errors.add(
            "iopc-code",
            "Enter the code as a letter and a number, for example B10",
        );
    } else if let Some(c) = category {
        // The sub-categories of a category share its letter.
        let letter = c.subcategories.first().map(|s| &s.iopc_code[..1]);
        if let Some(letter) = letter.filter(|l| !iopc_code.starts_with(*l)) {
            errors.add(
                "iopc-code",
                format!(
                    "The codes of {}'s sub-categories start with {letter}: give a code like {letter}{}",
                    c.name,
                    c.subcategories.len() + 1
                ),
            );
        } else if categories
            .iter()
            .flat_map(|c| &c.subcategories)
            .any(|s| s.iopc_code == iopc_code)
        {
            errors.add(
                "iopc-code",
                format!("The code {iopc_code} is already used: give another"),
            );
        }
    }
    let (name, description) = read_name(&posted, &mut errors, "sub-category");
    if let Some(c) = category
        && c.subcategories
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(&name))
    {
        errors.add(
            "name",
            format!("{} already has a sub-category called {name}", c.name),
        );
    }
    let again = |errors: FormErrors| {
        render_new(
            &user,
            true,
            subcategory_fields(&posted, &errors, &categories),
            errors,
        )
    };
    let Some(category) = category.filter(|_| errors.is_empty()) else {
        return again(errors);
    };
    let mut tx = state.pool.begin().await?;
    let base = code_of(&name);
    let mut code = base.clone();
    let mut n = 2;
    while db::subcategory_code_taken(&mut tx, &code).await? {
        code = format!("{base}-{n}");
        n += 1;
    }
    let new = NewSubcategory {
        category_code: category.code.clone(),
        code,
        iopc_code,
        name,
        description,
        unverified: posted.ticked("unverified"),
    };
    match db::add_subcategory(&mut tx, &new).await {
        Ok(()) => {}
        Err(AddError::Refused(constraint)) => {
            // Someone else added the same code or name a moment ago.
            let mut errors = FormErrors::default();
            if constraint == "allegation_subcategory_iopc_code_key" {
                errors.add(
                    "iopc-code",
                    format!("The code {} is already used: give another", new.iopc_code),
                );
            } else {
                errors.add(
                    "name",
                    format!(
                        "{} already has a sub-category called {}",
                        category.name, new.name
                    ),
                );
            }
            return again(errors);
        }
        Err(AddError::Database(e)) => return Err(e.into()),
    }
    audited(
        &mut tx,
        &user,
        RecordAction::AddAllegationSubcategory,
        json!({
            "category_code": new.category_code,
            "subcategory_code": new.code,
            "iopc_code": new.iopc_code,
            "name": new.name,
            "unverified": new.unverified,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/admin/categories?done=added&category={}&subcategory={}",
        new.category_code, new.code
    ))
    .into_response())
}

/// `POST /admin/categories/retire`: stops offering a category (`category`) or one of its
/// sub-categories (`category` and `subcategory`) for new allegations.
pub async fn retire(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_categories_retire")
        .await?;
    set_active(&state, &user, &posted, false).await
}

/// `POST /admin/categories/restore`: offers a retired category or sub-category again.
pub async fn restore(
    State(state): State<AppState>,
    StaffForm { user, posted }: StaffForm,
) -> AppResult<Response> {
    user.require(&state.pool, ADMIN, "admin_categories_restore")
        .await?;
    set_active(&state, &user, &posted, true).await
}

async fn set_active(
    state: &AppState,
    user: &CurrentUser,
    posted: &Posted,
    active: bool,
) -> AppResult<Response> {
    let category = posted.get("category").trim();
    let subcategory = posted.get("subcategory").trim();
    let mut tx = state.pool.begin().await?;
    let changed = if subcategory.is_empty() {
        db::set_category_active(&mut tx, category, active).await?
    } else {
        db::set_subcategory_active(&mut tx, category, subcategory, active).await?
    };
    let Some(changed) = changed else {
        drop(tx);
        return render_list(
            state,
            user,
            None,
            Some("Choose a category or sub-category from the list"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if changed {
        let action = match (subcategory.is_empty(), active) {
            (true, false) => RecordAction::RetireAllegationCategory,
            (true, true) => RecordAction::RestoreAllegationCategory,
            (false, false) => RecordAction::RetireAllegationSubcategory,
            (false, true) => RecordAction::RestoreAllegationSubcategory,
        };
        let details = if subcategory.is_empty() {
            json!({ "category_code": category })
        } else {
            json!({ "category_code": category, "subcategory_code": subcategory })
        };
        audited(&mut tx, user, action, details).await?;
    }
    tx.commit().await?;
    let done = if active { "restored" } else { "retired" };
    let sub = if subcategory.is_empty() {
        String::new()
    } else {
        format!("&subcategory={subcategory}")
    };
    Ok(Redirect::to(&format!(
        "/admin/categories?done={done}&category={category}{sub}"
    ))
    .into_response())
}
