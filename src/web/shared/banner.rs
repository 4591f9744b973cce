//! Confirmation banners shown on a page that a step taken elsewhere returns to.

/// The case page's banner after a recommendation was made from it (`?done=make_recommendation`).
pub fn recommendation_made() -> (String, String) {
    (
        "Recommendation made".to_owned(),
        "It is listed under Recommendations with the date the response is due.".to_owned(),
    )
}
