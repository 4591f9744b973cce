//! Administration: staff accounts and the allegation categories (IOPC administrators only).

mod categories;
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
    get "/admin/categories" => categories::list,
    get "/admin/categories/new" => categories::new_category_form,
    post "/admin/categories" => categories::create_category,
    get "/admin/categories/subcategories/new" => categories::new_subcategory_form,
    post "/admin/categories/subcategories" => categories::create_subcategory,
    post "/admin/categories/retire" => categories::retire,
    post "/admin/categories/restore" => categories::restore,
}
