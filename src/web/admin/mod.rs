//! Administration: staff accounts (IOPC administrators only).

mod users;

crate::web::shared::staff_routes! {
    get "/admin/users" => users::list,
    get "/admin/users/new" => users::new_form,
    post "/admin/users" => users::create,
    post "/admin/users/{user_id}/disable" => users::disable,
    post "/admin/users/{user_id}/enable" => users::enable,
    get "/admin/users/{user_id}/password" => users::password_form,
    post "/admin/users/{user_id}/password" => users::reset_password,
    post "/admin/users/{user_id}/second-factor" => users::reset_second_factor,
}
